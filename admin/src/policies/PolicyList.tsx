import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { DateInput } from '../common/fields';
import { choicesOf } from '../common/choices';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, ListActions } from '../common/list';
import { EnumField, LocalDateField, PolicyAmountField } from '../common/recordFields';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="programKind" source="programKind" choices={choicesOf('ProgramKind')} alwaysOn />,
  <SelectInput key="subsidyKind" source="subsidyKind" choices={choicesOf('SubsidyKind')} />,
  <SelectInput key="amountRule" source="amountRule" choices={choicesOf('AmountRule')} />,
  <DateInput key="validOn" source="validOn" />,
];

const exporter = csvExporter('Policy', [
  { source: 'id' },
  { source: 'name' },
  { source: 'programKind', enum: 'ProgramKind' },
  { source: 'subsidyKind', enum: 'SubsidyKind' },
  { source: 'amountRule', enum: 'AmountRule' },
  { source: 'amount' },
  { source: 'validFrom', kind: 'date' },
  { source: 'validTo', kind: 'date' },
  { source: 'description' },
]);

export const PolicyList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'ASC' }} exporter={exporter} actions={<ListActions resource="Policy" />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="Policy" />}>
      <DataTable.Col source="name" />
      <DataTable.Col source="programKind">
        <EnumField source="programKind" name="ProgramKind" />
      </DataTable.Col>
      <DataTable.Col source="subsidyKind">
        <EnumField source="subsidyKind" name="SubsidyKind" />
      </DataTable.Col>
      <DataTable.Col source="amountRule">
        <EnumField source="amountRule" name="AmountRule" />
      </DataTable.Col>
      <DataTable.Col source="amount">
        <PolicyAmountField />
      </DataTable.Col>
      <DataTable.Col source="validFrom">
        <LocalDateField source="validFrom" />
      </DataTable.Col>
      <DataTable.Col source="validTo">
        <LocalDateField source="validTo" />
      </DataTable.Col>
    </DataTable>
  </List>
);
