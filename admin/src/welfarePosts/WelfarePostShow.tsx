import { Box, Typography } from '@mui/material';
import {
  CreateButton, DataTable, Labeled, NumberField, Pagination, ReferenceManyField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate,
} from 'react-admin';
import { useAccess } from '../common/access';
import { RegionBreadcrumb, type RegionCrumb } from '../common/fields';
import { ShowActions } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, Tick } from '../common/recordFields';

const Place = () => {
  const record = useRecordContext<{ region?: RegionCrumb & { ancestors?: RegionCrumb[] } }>();
  if (!record?.region) return null;
  return <RegionBreadcrumb regions={[...(record.region.ancestors ?? []), record.region]} />;
};

const Placements = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canWrite } = useAccess();
  if (!record) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('resources.WelfarePost.fields.placements')}</Typography>
        {canWrite('WelfarePlacement') && record.status === 'OPEN' && (
          <CreateButton resource="WelfarePlacement" label="fupin.programme.place" state={{ record: { postId: record.id } }} />
        )}
      </Box>
      <ReferenceManyField reference="WelfarePlacement" target="postId" sort={{ field: 'startDate', order: 'DESC' }} perPage={25} pagination={<Pagination />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="laborerId" label="resources.WelfarePlacement.fields.laborer">
            <LaborerLink />
          </DataTable.Col>
          <DataTable.Col source="startDate">
            <LocalDateField source="startDate" />
          </DataTable.Col>
          <DataTable.Col source="endDate">
            <LocalDateField source="endDate" />
          </DataTable.Col>
          <DataTable.Col source="active" disableSort>
            <Tick source="active" />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

export const WelfarePostShow = () => (
  <Show actions={<ShowActions resource="WelfarePost" />}>
    <SimpleShowLayout>
      <Labeled source="region">
        <Place />
      </Labeled>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="title">
          <TextField source="title" />
        </Labeled>
        <Labeled source="category">
          <EnumField source="category" name="WelfarePostCategory" />
        </Labeled>
        <Labeled source="monthlyPay">
          <MoneyField source="monthlyPay" />
        </Labeled>
        <Labeled source="status">
          <EnumField source="status" name="WelfarePostStatus" />
        </Labeled>
        <Labeled source="currentHolder">
          <LaborerLink source="currentHolder" />
        </Labeled>
        <Labeled source="participantsCount">
          <NumberField source="participantsCount" />
        </Labeled>
        <Labeled source="subsidyPaid">
          <MoneyField source="subsidyPaid" />
        </Labeled>
      </Box>
      <Placements />
    </SimpleShowLayout>
  </Show>
);
