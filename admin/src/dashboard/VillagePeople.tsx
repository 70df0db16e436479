import { Box, Card, CardContent, Link as MuiLink, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Link, useCreatePath, useGetList, useTranslate } from 'react-admin';

const PAGE = 200;

/** A village's registered households and laborers, each a link to its registry page. */
export const VillagePeople = ({ villageId }: { villageId: string }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const households = useGetList('Household', { filter: { villageId }, pagination: { page: 1, perPage: PAGE }, sort: { field: 'headName', order: 'ASC' } });
  const laborers = useGetList('Laborer', { filter: { regionCode: villageId }, pagination: { page: 1, perPage: PAGE }, sort: { field: 'name', order: 'ASC' } });
  const more = (total: number | undefined, resource: string, filter: object) =>
    total != null && total > PAGE ? (
      <MuiLink component={Link} to={`/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`}>
        {translate('ra.navigation.page_range_info', { offsetBegin: 1, offsetEnd: PAGE, total })} →
      </MuiLink>
    ) : null;
  const wants = (l: Record<string, unknown>) =>
    (['wantsTraining', 'wantsTransfer', 'wantsEnterprise'] as const)
      .filter((k) => l[k])
      .map((k) => translate(`fupin.laborer.short.${k}`))
      .join('、');
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 2fr' }, gap: 2, mt: 2 }}>
      <Card variant="outlined" data-testid="village-households">
        <CardContent>
          <Typography variant="h6">
            {translate('fupin.dashboard.households')}（{households.total ?? 0}）
          </Typography>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.Household.fields.headName')}</TableCell>
                <TableCell align="right">{translate('resources.Household.fields.memberCount')}</TableCell>
                <TableCell>{translate('resources.Household.fields.povertyStatus')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(households.data ?? []).map((h) => (
                <TableRow key={h.id} hover>
                  <TableCell>
                    <MuiLink component={Link} to={createPath({ resource: 'Household', type: 'show', id: h.id })}>
                      {h.headName}
                    </MuiLink>
                  </TableCell>
                  <TableCell align="right">{h.memberCount}</TableCell>
                  <TableCell>{translate(`fupin.enum.PovertyStatus.${h.povertyStatus}`)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {more(households.total, 'Household', { villageId })}
        </CardContent>
      </Card>
      <Card variant="outlined" data-testid="village-laborers">
        <CardContent>
          <Typography variant="h6">
            {translate('fupin.dashboard.laborers')}（{laborers.total ?? 0}）
          </Typography>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.Laborer.fields.name')}</TableCell>
                <TableCell>{translate('resources.Laborer.fields.gender')}</TableCell>
                <TableCell align="right">{translate('resources.Laborer.fields.age')}</TableCell>
                <TableCell>{translate('resources.Laborer.fields.household')}</TableCell>
                <TableCell>{translate('fupin.laborer.demands')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(laborers.data ?? []).map((l) => (
                <TableRow key={l.id} hover>
                  <TableCell>
                    <MuiLink component={Link} to={createPath({ resource: 'Laborer', type: 'show', id: l.id })}>
                      {l.name}
                    </MuiLink>
                  </TableCell>
                  <TableCell>{l.gender ? translate(`fupin.enum.Gender.${l.gender}`) : ''}</TableCell>
                  <TableCell align="right">{l.age}</TableCell>
                  <TableCell>{l.household?.headName}</TableCell>
                  <TableCell>{wants(l)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {more(laborers.total, 'Laborer', { regionCode: villageId })}
        </CardContent>
      </Card>
    </Box>
  );
};
