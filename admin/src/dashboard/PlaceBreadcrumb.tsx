import { Breadcrumbs, Link as MuiLink, Typography } from '@mui/material';
import { Link } from 'react-router';
import type { RegionRef } from '../hubMethods';

/** City › county › township › village: each level above links back to its own dashboard. */
export const PlaceBreadcrumb = ({ path, current, to }: { path: RegionRef[]; current: RegionRef; to: (code: string) => string }) => (
  <Breadcrumbs separator="›" data-testid="dashboard-breadcrumb" sx={{ fontSize: '1.1rem' }}>
    {path.map((r) => (
      <MuiLink key={r.id} component={Link} to={to(r.id)} underline="hover" color="inherit">
        {r.name}
      </MuiLink>
    ))}
    <Typography color="text.primary" component="span" sx={{ fontSize: 'inherit', fontWeight: 600 }}>
      {current.name}
    </Typography>
  </Breadcrumbs>
);
