import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions, PolicyInput, dateRange } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, PlaceField, RefLink } from '../common/recordFields';
import { BulkPaymentButtons } from './BulkPaymentButtons';
import { PaymentStatusButtons } from './PaymentStatusButtons';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <PolicyInput key="policyId" source="policyId" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf('PaymentStatus')} alwaysOn />,
  <SelectInput key="programKind" source="programKind" choices={choicesOf('ProgramKind').filter((c) => c.id !== 'JOB_FAIR')} />,
  <LaborerInput key="laborerId" source="laborerId" />,
  <TextInput key="period" source="period" />,
  ...dateRange('appliedOn'),
];

const exporter = csvExporter('SubsidyPayment', [
  { source: 'id' },
  { source: 'policy', value: (r) => r.policy?.name },
  { source: 'policyId' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'village', value: (r) => [r.village?.parent?.name, r.village?.name].filter(Boolean).join(' ') },
  { source: 'programKind', enum: 'ProgramKind' },
  { source: 'recordId' },
  { source: 'period' },
  { source: 'amount' },
  { source: 'status', enum: 'PaymentStatus' },
  { source: 'appliedOn', kind: 'date' },
  { source: 'approvedOn', kind: 'date' },
  { source: 'paidOn', kind: 'date' },
  { source: 'rejectReason' },
]);

// Payments are never deleted (a rejection keeps its reason): no bulk delete, export only.
export const SubsidyPaymentList = () => (
  <List filters={filters} sort={{ field: 'appliedOn', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="SubsidyPayment" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={
        <>
          <BulkPaymentButtons />
          <BulkActions resource="SubsidyPayment" deletable={false} />
        </>
      }>
      <DataTable.Col source="laborerId" label="resources.SubsidyPayment.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="villageId" label="resources.SubsidyPayment.fields.village">
        <PlaceField source="village" />
      </DataTable.Col>
      <DataTable.Col source="policyId" label="resources.SubsidyPayment.fields.policy">
        <RefLink source="policy" reference="Policy" />
      </DataTable.Col>
      <DataTable.Col source="period" />
      <DataTable.Col source="amount">
        <MoneyField source="amount" />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" name="PaymentStatus" />
      </DataTable.Col>
      <DataTable.Col source="appliedOn">
        <LocalDateField source="appliedOn" />
      </DataTable.Col>
      <DataTable.Col source="paidOn">
        <LocalDateField source="paidOn" />
      </DataTable.Col>
      <DataTable.Col label="fupin.programme.nextStep" disableSort>
        <PaymentStatusButtons />
      </DataTable.Col>
    </DataTable>
  </List>
);
