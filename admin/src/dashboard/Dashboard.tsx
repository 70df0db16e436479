import { Box, Card, CardContent, Chip, Grid, Link as MuiLink, Typography } from '@mui/material';
import { CITY_CODE } from '@fupin/schema';
import { Link, Title, useCreatePath, useGetList, useGetOne, useTranslate } from 'react-admin';

interface Region {
  id: string;
  name: string;
  isPoor: boolean;
  exitYear?: number | null;
}

/** The laborer list filtered to a region (the filter travels in the URL, so the link can be shared). */
export function laborersOf(code: string): string {
  return `/Laborer?${new URLSearchParams({ filter: JSON.stringify({ regionCode: code }) })}`;
}

/**
 * The city and its nine counties, each a way into the registry. Indicator cards and charts come with the
 * statistics API.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data: city } = useGetOne<Region>('Region', { id: CITY_CODE });
  const { data: counties = [] } = useGetList<Region>('Region', {
    filter: { parentId: CITY_CODE },
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'code', order: 'ASC' },
  });
  return (
    <Box sx={{ mt: 2 }} data-testid="dashboard">
      <Title title={translate('fupin.title')} />
      <Card>
        <CardContent>
          <Typography variant="h5">{city?.name ?? ''}</Typography>
          <Typography color="text.secondary" gutterBottom>
            {translate('fupin.dashboard.welcome')}
          </Typography>
          <Box sx={{ display: 'flex', gap: 2 }}>
            <MuiLink component={Link} to={createPath({ resource: 'Region', type: 'show', id: CITY_CODE })}>
              {translate('fupin.dashboard.regions')}
            </MuiLink>
            <MuiLink component={Link} to={laborersOf(CITY_CODE)}>
              {translate('fupin.dashboard.laborers')}
            </MuiLink>
            <MuiLink component={Link} to="/Household">
              {translate('fupin.dashboard.households')}
            </MuiLink>
          </Box>
        </CardContent>
      </Card>
      <Typography variant="h6" sx={{ mt: 3, mb: 1 }}>
        {translate('fupin.dashboard.counties')}
      </Typography>
      <Grid container spacing={2}>
        {counties.map((c) => (
          <Grid key={c.id} size={{ xs: 12, sm: 6, md: 4 }}>
            <Card variant="outlined" data-testid={`county-${c.id}`}>
              <CardContent>
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                  <MuiLink component={Link} to={createPath({ resource: 'Region', type: 'show', id: c.id })} variant="h6" underline="hover">
                    {c.name}
                  </MuiLink>
                  {c.isPoor && <Chip size="small" color="warning" label={translate('fupin.dashboard.poor')} />}
                </Box>
                <Typography variant="body2" color="text.secondary">
                  {c.id}
                </Typography>
                <MuiLink component={Link} to={laborersOf(c.id)}>
                  {translate('fupin.dashboard.laborers')} →
                </MuiLink>
              </CardContent>
            </Card>
          </Grid>
        ))}
      </Grid>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 3 }}>
        {translate('fupin.dashboard.statsLater')}
      </Typography>
    </Box>
  );
};
