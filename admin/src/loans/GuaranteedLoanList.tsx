import { DataTable, List, NullableBooleanInput, NumberInput, SelectInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, LaborerInput, ListActions, dateRange } from '../common/list';
import { EnumField, LaborerLink, LocalDateField, MoneyField, PlaceField } from '../common/recordFields';
import { LoanStatusButtons } from './LoanStatusButtons';
import { ImportEmpty } from '../imports/ImportButton';

const filters = [
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf('LoanStatus')} alwaysOn />,
  <SelectInput key="purpose" source="purpose" choices={choicesOf('Sector')} />,
  <NullableBooleanInput key="hasDreamSchooling" source="hasDreamSchooling" />,
  <NullableBooleanInput key="hasEnterprise" source="hasEnterprise" />,
  <LaborerInput key="laborerId" source="laborerId" />,
  <NumberInput key="amount_gte" source="amount_gte" />,
  <NumberInput key="amount_lte" source="amount_lte" />,
  ...dateRange('appliedOn'),
];

const exporter = csvExporter('GuaranteedLoan', [
  { source: 'id' },
  { source: 'laborer', value: (r) => r.laborer?.name },
  { source: 'laborerId' },
  { source: 'villageId' },
  { source: 'village', value: (r) => [r.region?.parent?.name, r.region?.name].filter(Boolean).join(' ') },
  { source: 'purpose', enum: 'Sector' },
  { source: 'bank' },
  { source: 'amount' },
  { source: 'termMonths' },
  { source: 'annualRate' },
  { source: 'interestSubsidyRate' },
  { source: 'status', enum: 'LoanStatus' },
  { source: 'appliedOn', kind: 'date' },
  { source: 'approvedOn', kind: 'date' },
  { source: 'disbursedOn', kind: 'date' },
  { source: 'closedOn', kind: 'date' },
  { source: 'enterpriseId' },
  { source: 'dreamSchoolingId' },
]);

export const GuaranteedLoanList = () => (
  <List filters={filters} sort={{ field: 'appliedOn', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="GuaranteedLoan" />} empty={<ImportEmpty />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="GuaranteedLoan" />}>
      <DataTable.Col source="laborerId" label="resources.GuaranteedLoan.fields.laborer">
        <LaborerLink />
      </DataTable.Col>
      <DataTable.Col source="villageId" label="resources.GuaranteedLoan.fields.village">
        <PlaceField source="region" />
      </DataTable.Col>
      <DataTable.Col source="purpose">
        <EnumField source="purpose" name="Sector" />
      </DataTable.Col>
      <DataTable.Col source="bank" />
      <DataTable.Col source="amount">
        <MoneyField source="amount" />
      </DataTable.Col>
      <DataTable.Col source="termMonths" />
      <DataTable.Col source="appliedOn">
        <LocalDateField source="appliedOn" />
      </DataTable.Col>
      <DataTable.Col source="disbursedOn">
        <LocalDateField source="disbursedOn" />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" name="LoanStatus" />
      </DataTable.Col>
      <DataTable.Col label="fupin.programme.nextStep" disableSort>
        <LoanStatusButtons />
      </DataTable.Col>
    </DataTable>
  </List>
);
