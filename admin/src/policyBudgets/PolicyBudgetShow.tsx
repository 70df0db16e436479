import InsightsIcon from '@mui/icons-material/Insights';
import { Box, Button } from '@mui/material';
import { Labeled, Link, NumberField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { ShowActions } from '../common/list';
import { MoneyField, RefLink } from '../common/recordFields';
import { paymentsPath, trackingPath } from '../tracking/paths';

const Links = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      <Button component={Link} to={trackingPath({ policyId: String(record.policyId), regionCode: record.countyId, year: record.year })} startIcon={<InsightsIcon />} size="small">
        {translate('fupin.menu.tracking')}
      </Button>
      <Button component={Link} to={paymentsPath({ policyId: String(record.policyId), regionCode: record.countyId })} size="small">
        {translate('fupin.tracking.payments')}
      </Button>
    </>
  );
};

export const PolicyBudgetShow = () => (
  <Show
    actions={
      <ShowActions resource="PolicyBudget">
        <Links />
      </ShowActions>
    }
  >
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="policy">
          <RefLink source="policy" reference="Policy" />
        </Labeled>
        <Labeled source="county">
          <TextField source="county.name" />
        </Labeled>
        <Labeled source="year">
          <NumberField source="year" options={{ useGrouping: false }} />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="budget">
          <MoneyField source="budget" />
        </Labeled>
        <Labeled source="approved">
          <MoneyField source="approved" />
        </Labeled>
        <Labeled source="paid">
          <MoneyField source="paid" />
        </Labeled>
        <Labeled source="remaining">
          <MoneyField source="remaining" />
        </Labeled>
      </Box>
    </SimpleShowLayout>
  </Show>
);
