import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box } from '@mui/material';
import { Button, Empty, Menu, useListContext } from 'react-admin';
import { Link } from 'react-router';
import { useAccess } from '../common/access';
import { datasetOfResource } from './datasets';
import { importPath } from './paths';

/** "导入" on a list: the import centre with this list's dataset chosen and its filter at hand (pre-filled template). */
export const ImportButton = ({ variant = 'text' }: { variant?: 'text' | 'outlined' | 'contained' }) => {
  const { resource, filterValues } = useListContext();
  const { canWrite } = useAccess();
  if (!canWrite(resource) || !datasetOfResource(resource)) return null;
  return (
    <Button component={Link} to={importPath({ resource, filter: filterValues })} label="fupin.imports.button" variant={variant} data-testid="list-import">
      <UploadFileIcon />
    </Button>
  );
};

/** The menu's 导入中心, for those who write records. */
export const ImportsMenuItem = () => {
  const { canWrite } = useAccess();
  return canWrite() ? <Menu.Item to={importPath()} primaryText="fupin.menu.imports" leftIcon={<UploadFileIcon />} /> : null;
};

/** An empty list (a new township's registry) offers the import beside 新建: that is how its data arrives. */
export const ImportEmpty = () => (
  <Box>
    <Empty />
    <Box sx={{ textAlign: 'center' }}>
      <ImportButton variant="outlined" />
    </Box>
  </Box>
);
