import CodeIcon from '@mui/icons-material/Code';
import InsightsIcon from '@mui/icons-material/Insights';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import TrendingUpIcon from '@mui/icons-material/TrendingUp';
import { ImportsMenuItem } from '../imports/ImportButton';
import KeyIcon from '@mui/icons-material/Key';
import { GlobalStyles, ListItemIcon, ListItemText, MenuItem, ThemeProvider, createTheme, type Theme } from '@mui/material';
import { enUS, zhCN } from '@mui/material/locale';
import { forwardRef, useEffect, useMemo } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, Logout, Menu, TitlePortal, UserMenu, useLocaleState, useTranslate, useUserMenu, type LayoutProps } from 'react-admin';
import { Link, useLocation } from 'react-router';
import { LOCALES } from '../i18n';

const PasswordMenuItem = forwardRef<HTMLAnchorElement>((props, ref) => {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem component={Link} to="/account/password" ref={ref} {...props} onClick={() => userMenu?.onClose()}>
      <ListItemIcon>
        <KeyIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('fupin.menu.password')}</ListItemText>
    </MenuItem>
  );
});
PasswordMenuItem.displayName = 'PasswordMenuItem';

// react-admin's own toolbar with our language list: the switch, then the loading indicator / refresh;
// the user menu has 修改密码 above 退出.
const FupinAppBar = () => (
  <AppBar
    toolbar={
      <>
        <LocalesMenuButton languages={[...LOCALES]} />
        <LoadingIndicator />
      </>
    }
    userMenu={
      <UserMenu>
        <PasswordMenuItem />
        <Logout />
      </UserMenu>
    }
  >
    <TitlePortal />
  </AppBar>
);

const FupinMenu = () => (
  <Menu>
    <Menu.DashboardItem />
    <Menu.ResourceItems />
    {/* Statistics: every role, dashboard viewers included. */}
    <Menu.Item to="/tracking" primaryText="fupin.menu.tracking" leftIcon={<InsightsIcon />} />
    <Menu.Item to="/targets/progress" primaryText="fupin.menu.targetProgress" leftIcon={<LeaderboardIcon />} />
    <Menu.Item to="/funnel" primaryText="fupin.menu.funnel" leftIcon={<TrendingUpIcon />} />
    <ImportsMenuItem />
    <Menu.Item to="/graphiql" primaryText="fupin.menu.graphiql" leftIcon={<CodeIcon />} />
  </Menu>
);

/**
 * MUI's own texts (Autocomplete's 没有可用选项 / 打开 / 关闭 / 清空, pagination and breadcrumb labels) in
 * the screen's language: MUI ships them per locale; react-admin's catalogue does not cover them.
 */
function localeTheme(locale: string) {
  const own = locale === 'en' ? { breadcrumb: 'Breadcrumb' } : { breadcrumb: '所在位置' };
  return (outer: Theme) =>
    createTheme(outer, locale === 'en' ? enUS : zhCN, {
      components: { MuiBreadcrumbs: { defaultProps: { 'aria-label': own.breadcrumb } } },
    });
}

/**
 * Keyboard: a clickable table row (a list's row, a dashboard row) is reached with Tab and opened with
 * Enter; a form's first field has the focus when a create or edit page opens.
 */
function useKeyboard() {
  const location = useLocation();
  useEffect(() => {
    const mark = () => {
      for (const tr of document.querySelectorAll<HTMLTableRowElement>('tbody tr.RaDataTable-clickableRow, tbody tr.MuiTableRow-hover')) {
        if (tr.tabIndex < 0 && (tr.classList.contains('RaDataTable-clickableRow') || getComputedStyle(tr).cursor === 'pointer')) tr.tabIndex = 0;
      }
    };
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.key === 'Enter' && el.tagName === 'TR') {
        e.preventDefault();
        el.click();
      }
    };
    document.addEventListener('keydown', onKey);
    mark();
    return () => {
      observer.disconnect();
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  useEffect(() => {
    if (!/\/(create|\d+)$/.test(location.pathname)) return;
    // The first EMPTY field: one prefilled by the page that opened the form (报名培训 from a laborer's page)
    // is skipped, else its picker opens before its value has loaded and shows nothing.
    const prefilled = Object.keys((location.state as { record?: Record<string, unknown> } | null)?.record ?? {});
    let tries = 0;
    const timer = setInterval(() => {
      const field = [...document.querySelectorAll<HTMLElement>('main form input:not([type="hidden"]):not([disabled]):not([readonly]), main form textarea:not([disabled])')].find(
        (f) => !prefilled.some((k) => f.closest(`.ra-input-${k}`)),
      );
      if (field || ++tries > 40) {
        clearInterval(timer);
        if (field && !document.activeElement?.closest('main form')) field.focus();
      }
    }, 50);
    return () => clearInterval(timer);
  }, [location.pathname, location.state]);
}

/**
 * 1366x768: the page never gets wider than the window; a wide list scrolls inside its card (its toolbar
 * with 新建 and 导出 stays in view), column titles stay on one line, toolbars wrap.
 */
const fitStyles = (
  <GlobalStyles
    styles={{
      // react-admin's own rules are nested (two classes): these must weigh more to win.
      'main.RaLayout-contentWithSidebar > .RaLayout-content': { minWidth: 0, flexBasis: 0 },
      'div.RaLayout-appFrame': { minWidth: 0, maxWidth: '100vw' },
      'div.list-page, div.RaList-main, div.RaShow-main, div.RaEdit-main, div.RaCreate-main': { minWidth: 0, maxWidth: '100%' },
      'div.RaList-content, div.RaDataTable-root': { minWidth: 0, maxWidth: '100%' },
      'div.RaDataTable-root div.RaDataTable-tableWrapper, .RaShow-card': { overflowX: 'auto' },
      '.RaDataTable-headerCell, .MuiTableCell-head': { whiteSpace: 'nowrap' },
      '.RaList-actions .RaTopToolbar-root, .RaTopToolbar-root': { flexWrap: 'wrap', minWidth: 0 },
      '.RaList-actions': { flexWrap: 'wrap', minWidth: 0 },
      '.RaFilterForm-root': { flexWrap: 'wrap', minWidth: 0 },
      'tbody tr[tabindex="0"]:focus-visible': { outline: '2px solid #1976d2', outlineOffset: -2 },
    }}
  />
);

export const Layout = ({ children }: LayoutProps) => {
  const [locale] = useLocaleState();
  const theme = useMemo(() => localeTheme(locale), [locale]);
  useKeyboard();
  return (
    <ThemeProvider theme={theme}>
      {fitStyles}
      <RaLayout appBar={FupinAppBar} menu={FupinMenu}>
        {children}
      </RaLayout>
    </ThemeProvider>
  );
};
