import { Box, Divider, Typography } from '@mui/material';
import {
  BooleanField, DataTable, Labeled, NumberField, Pagination, ReferenceManyCount, ReferenceManyField, SelectField, Show, SimpleShowLayout,
  TextField, useRecordContext, useTranslate,
} from 'react-admin';
import { choicesOf } from '../common/choices';
import { ShowActions } from '../common/list';
import { RegionBreadcrumb, type RegionCrumb } from '../common/fields';

const Actions = () => <ShowActions resource="Region" deletable={false} />;

const Breadcrumb = () => {
  const record = useRecordContext<{ id: string; name: string; ancestors?: RegionCrumb[] }>();
  if (!record) return null;
  return <RegionBreadcrumb regions={record.ancestors ?? []} current={record} />;
};

/** The subdivisions, one click further down the tree. */
const Children = () => {
  const record = useRecordContext<{ id: string; level: string }>();
  const translate = useTranslate();
  if (!record || record.level === 'VILLAGE') return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h6" gutterBottom>
        {translate('resources.Region.fields.children')} (<ReferenceManyCount reference="Region" target="parentId" />)
      </Typography>
      <ReferenceManyField reference="Region" target="parentId" sort={{ field: 'code', order: 'ASC' }} perPage={50} pagination={<Pagination rowsPerPageOptions={[50, 100, 500]} />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="code" />
          <DataTable.Col source="name" />
          <DataTable.Col source="level">
            <SelectField source="level" choices={choicesOf('RegionLevel')} />
          </DataTable.Col>
          <DataTable.Col source="isPoor">
            <BooleanField source="isPoor" looseValue FalseIcon={null} />
          </DataTable.Col>
          <DataTable.Col source="exitYear" />
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

/** A village's registered households. */
const Households = () => {
  const record = useRecordContext<{ id: string; level: string }>();
  const translate = useTranslate();
  if (!record || record.level !== 'VILLAGE') return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h6" gutterBottom>
        {translate('fupin.region.households')}
      </Typography>
      <ReferenceManyField reference="Household" target="villageId" sort={{ field: 'headName', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="headName" />
          <DataTable.Col source="memberCount" />
          <DataTable.Col source="povertyStatus">
            <SelectField source="povertyStatus" choices={choicesOf('PovertyStatus')} />
          </DataTable.Col>
          <DataTable.Col source="exitedPovertyYear" />
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

export const RegionShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <Breadcrumb />
      <Divider />
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="code">
          <TextField source="code" />
        </Labeled>
        <Labeled source="name">
          <TextField source="name" />
        </Labeled>
        <Labeled source="level">
          <SelectField source="level" choices={choicesOf('RegionLevel')} />
        </Labeled>
        <Labeled source="isPoor">
          <BooleanField source="isPoor" looseValue FalseIcon={null} />
        </Labeled>
        <Labeled source="exitYear">
          <NumberField source="exitYear" options={{ useGrouping: false }} />
        </Labeled>
      </Box>
      <Children />
      <Households />
    </SimpleShowLayout>
  </Show>
);
