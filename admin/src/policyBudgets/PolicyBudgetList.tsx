import { DataTable, List, NumberInput } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { csvExporter } from '../common/export';
import { BulkActions, NOWRAP_HEADERS, ListActions, PolicyInput } from '../common/list';
import { MoneyField, RefLink } from '../common/recordFields';

const filters = [
  <PolicyInput key="policyId" source="policyId" alwaysOn />,
  <RegionPicker key="regionCode" source="regionCode" alwaysOn />,
  <NumberInput key="year" source="year" alwaysOn />,
];

const exporter = csvExporter('PolicyBudget', [
  { source: 'id' },
  { source: 'policy', value: (r) => r.policy?.name },
  { source: 'policyId' },
  { source: 'countyId' },
  { source: 'county', value: (r) => r.county?.name },
  { source: 'year' },
  { source: 'budget' },
  { source: 'approved' },
  { source: 'paid' },
  { source: 'remaining' },
]);

export const PolicyBudgetList = () => (
  <List filters={filters} sort={{ field: 'year', order: 'DESC' }} exporter={exporter} actions={<ListActions resource="PolicyBudget" />}>
    <DataTable rowClick="show" sx={NOWRAP_HEADERS} bulkActionButtons={<BulkActions resource="PolicyBudget" />}>
      <DataTable.Col source="policyId" label="resources.PolicyBudget.fields.policy">
        <RefLink source="policy" reference="Policy" />
      </DataTable.Col>
      <DataTable.Col source="countyId" label="resources.PolicyBudget.fields.county" render={(r) => r.county?.name ?? ''} />
      <DataTable.Col source="year" />
      <DataTable.Col source="budget">
        <MoneyField source="budget" />
      </DataTable.Col>
      <DataTable.Col source="approved" disableSort>
        <MoneyField source="approved" />
      </DataTable.Col>
      <DataTable.Col source="paid" disableSort>
        <MoneyField source="paid" />
      </DataTable.Col>
      <DataTable.Col source="remaining" disableSort>
        <MoneyField source="remaining" />
      </DataTable.Col>
    </DataTable>
  </List>
);
