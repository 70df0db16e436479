import { Breadcrumbs, Link as MuiLink, Typography } from '@mui/material';
import { Link } from 'react-router';
import type { RegionRef } from '../hubMethods';

/** City › county › township › village: each level above links back to its own dashboard. */
/** `linkable`: levels above a scoped user's region are shown, not linked (they are not theirs to open). */
export const PlaceBreadcrumb = ({ path, current, to, linkable = () => true }: { path: RegionRef[]; current: RegionRef; to: (code: string) => string; linkable?: (code: string) => boolean }) => (
  <Breadcrumbs separator="›" data-testid="dashboard-breadcrumb" sx={{ fontSize: '1.1rem' }}>
    {path.map((r) =>
      linkable(r.id) ? (
        <MuiLink key={r.id} component={Link} to={to(r.id)} underline="hover" color="inherit">
          {r.name}
        </MuiLink>
      ) : (
        <Typography key={r.id} component="span" color="text.secondary" sx={{ fontSize: 'inherit' }}>
          {r.name}
        </Typography>
      ),
    )}
    <Typography color="text.primary" component="span" sx={{ fontSize: 'inherit', fontWeight: 600 }}>
      {current.name}
    </Typography>
  </Breadcrumbs>
);
