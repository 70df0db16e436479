import CodeIcon from '@mui/icons-material/Code';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import InsightsIcon from '@mui/icons-material/Insights';
import { useAccess } from '../common/access';
import { ImportsMenuItem } from '../imports/ImportButton';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, Menu, TitlePortal, type LayoutProps } from 'react-admin';
import { LOCALES } from '../i18n';

// react-admin's own toolbar with our language list: the switch, then the loading indicator / refresh.
const FupinAppBar = () => (
  <AppBar
    toolbar={
      <>
        <LocalesMenuButton languages={[...LOCALES]} />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </AppBar>
);

const FupinMenu = () => {
  const { canRead } = useAccess();
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItems />
      {canRead && <Menu.Item to="/tracking" primaryText="fupin.menu.tracking" leftIcon={<InsightsIcon />} />}
      <Menu.Item to="/targets/progress" primaryText="fupin.menu.targetProgress" leftIcon={<LeaderboardIcon />} />
      <ImportsMenuItem />
      <Menu.Item to="/graphiql" primaryText="fupin.menu.graphiql" leftIcon={<CodeIcon />} />
    </Menu>
  );
};

export const Layout = ({ children }: LayoutProps) => (
  <RaLayout appBar={FupinAppBar} menu={FupinMenu}>
    {children}
  </RaLayout>
);
