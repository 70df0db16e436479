import { Box, Typography } from '@mui/material';
import { CreateButton, DataTable, Labeled, Pagination, ReferenceManyField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { ShowActions } from '../common/list';
import { EnumField, LocalDateField } from '../common/recordFields';

const Classes = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canWrite } = useAccess();
  if (!record) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('resources.TrainingProvider.fields.classes')}</Typography>
        {canWrite('TrainingClass') && <CreateButton resource="TrainingClass" state={{ record: { providerId: record.id, countyId: record.countyId } }} />}
      </Box>
      <ReferenceManyField reference="TrainingClass" target="providerId" sort={{ field: 'startDate', order: 'DESC' }} perPage={25} pagination={<Pagination />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="title" />
          <DataTable.Col source="kind">
            <EnumField source="kind" name="TrainingKind" />
          </DataTable.Col>
          <DataTable.Col source="startDate">
            <LocalDateField source="startDate" />
          </DataTable.Col>
          <DataTable.Col source="endDate">
            <LocalDateField source="endDate" />
          </DataTable.Col>
          <DataTable.Col source="enrolledCount" disableSort />
          <DataTable.Col source="completedCount" disableSort />
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

export const TrainingProviderShow = () => (
  <Show actions={<ShowActions resource="TrainingProvider" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="name">
          <TextField source="name" />
        </Labeled>
        <Labeled source="kind">
          <EnumField source="kind" name="ProviderKind" />
        </Labeled>
        <Labeled source="county">
          <TextField source="county.name" />
        </Labeled>
      </Box>
      <Classes />
    </SimpleShowLayout>
  </Show>
);
