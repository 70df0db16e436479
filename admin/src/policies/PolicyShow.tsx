import InsightsIcon from '@mui/icons-material/Insights';
import { Box, Button, Typography } from '@mui/material';
import { PROGRAMME_YEAR } from '@fupin/schema';
import { CreateButton, DataTable, Labeled, Link, Pagination, ReferenceManyField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { useAccess } from '../common/access';
import { ShowActions } from '../common/list';
import { EnumField, LocalDateField, MoneyField, PolicyAmountField } from '../common/recordFields';
import { trackingPath } from '../tracking/paths';

const TrackingLink = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Button component={Link} to={trackingPath({ policyId: String(record.id), year: PROGRAMME_YEAR })} startIcon={<InsightsIcon />} size="small">
      {translate('fupin.menu.tracking')}
    </Button>
  );
};

const Budgets = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canWrite } = useAccess();
  if (!record) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('resources.Policy.fields.budgets')}</Typography>
        {canWrite('PolicyBudget') && <CreateButton resource="PolicyBudget" state={{ record: { policyId: record.id, year: PROGRAMME_YEAR } }} />}
      </Box>
      <ReferenceManyField reference="PolicyBudget" target="policyId" sort={{ field: 'year', order: 'DESC' }} perPage={25} pagination={<Pagination />}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="year" />
          <DataTable.Col source="countyId" label="resources.PolicyBudget.fields.county" render={(r) => r.county?.name ?? ''} />
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
      </ReferenceManyField>
    </Box>
  );
};

export const PolicyShow = () => (
  <Show
    actions={
      <ShowActions resource="Policy">
        <TrackingLink />
      </ShowActions>
    }
  >
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="name">
          <TextField source="name" />
        </Labeled>
        <Labeled source="programKind">
          <EnumField source="programKind" name="ProgramKind" />
        </Labeled>
        <Labeled source="subsidyKind">
          <EnumField source="subsidyKind" name="SubsidyKind" />
        </Labeled>
        <Labeled source="amountRule">
          <EnumField source="amountRule" name="AmountRule" />
        </Labeled>
        <Labeled source="amount">
          <PolicyAmountField />
        </Labeled>
        <Labeled source="validFrom">
          <LocalDateField source="validFrom" long />
        </Labeled>
        <Labeled source="validTo">
          <LocalDateField source="validTo" long />
        </Labeled>
      </Box>
      <Labeled source="description">
        <TextField source="description" emptyText="—" />
      </Labeled>
      <Budgets />
    </SimpleShowLayout>
  </Show>
);
