import { DataTable, List, NullableBooleanInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions, TrainingClassInput, dateRange } from '../common/list';
import { LaborerLink, LocalDateField, RefLink, Tick } from '../common/recordFields';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <TrainingClassInput key="classId" source="classId" alwaysOn />,
  <LaborerInput key="laborerId" source="laborerId" />,
  <NullableBooleanInput key="completed" source="completed" />,
  <NullableBooleanInput key="employedAfterTraining" source="employedAfterTraining" />,
  ...dateRange('enrolledOn'),
];

const exporter = csvExporter('Enrollment', [
  { source: 'id' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'trainingClass', value: (r) => r.trainingClass?.title },
  { source: 'classId' },
  { source: 'enrolledOn', kind: 'date' },
  { source: 'completed', kind: 'boolean' },
  { source: 'completedOn', kind: 'date' },
  { source: 'certificateNo' },
  { source: 'employedAfterTraining', kind: 'boolean' },
]);

export const EnrollmentList = () => (
  <List filters={filters} sort={{ field: 'enrolledOn', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="Enrollment" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="Enrollment" />}>
      <DataTable.Col source="laborerId" label="resources.Enrollment.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="classId" label="resources.Enrollment.fields.trainingClass">
        <RefLink source="trainingClass" reference="TrainingClass" text="title" />
      </DataTable.Col>
      <DataTable.Col source="enrolledOn">
        <LocalDateField source="enrolledOn" />
      </DataTable.Col>
      <DataTable.Col source="completed" disableSort>
        <Tick source="completed" />
      </DataTable.Col>
      <DataTable.Col source="completedOn">
        <LocalDateField source="completedOn" />
      </DataTable.Col>
      <DataTable.Col source="certificateNo" disableSort />
      <DataTable.Col source="employedAfterTraining" disableSort>
        <Tick source="employedAfterTraining" />
      </DataTable.Col>
    </DataTable>
  </List>
);
