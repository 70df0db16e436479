import { Box, Typography } from '@mui/material';
import { CreateButton, DataTable, ListContextProvider, Pagination, useList, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { useAccess } from './access';
import { EnumField, LocalDateField, MoneyField, RefLink } from './recordFields';

/**
 * The subsidy payments made for a programme record (an enrollment, a placement, a loan...), and the
 * button that applies for one with the laborer and the record already chosen.
 */
export const RecordPayments = ({ programKind }: { programKind: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canWrite } = useAccess();
  // A record id names a record only together with its programme.
  const { data: mine = [], isPending } = useGetList(
    'SubsidyPayment',
    { filter: { programKind, recordId: record?.id }, pagination: { page: 1, perPage: 100 }, sort: { field: 'appliedOn', order: 'DESC' } },
    { enabled: record?.id != null },
  );
  const list = useList({ data: mine, isPending, perPage: 10 });
  if (!record) return null;
  return (
    <Box sx={{ mt: 2 }} data-testid="record-payments">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('fupin.programme.payments')}</Typography>
        {canWrite('SubsidyPayment') && (
          <CreateButton resource="SubsidyPayment" label="fupin.programme.applySubsidy" state={{ record: { laborerId: record.laborerId, recordId: record.id, programKind } }} />
        )}
      </Box>
      <ListContextProvider value={list}>
        <DataTable resource="SubsidyPayment" rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="policy" disableSort>
            <RefLink source="policy" reference="Policy" />
          </DataTable.Col>
          <DataTable.Col source="period" disableSort />
          <DataTable.Col source="amount" disableSort>
            <MoneyField source="amount" />
          </DataTable.Col>
          <DataTable.Col source="status" disableSort>
            <EnumField source="status" name="PaymentStatus" />
          </DataTable.Col>
          <DataTable.Col source="appliedOn" disableSort>
            <LocalDateField source="appliedOn" />
          </DataTable.Col>
          <DataTable.Col source="paidOn" disableSort>
            <LocalDateField source="paidOn" />
          </DataTable.Col>
        </DataTable>
        {mine.length > 10 && <Pagination rowsPerPageOptions={[10]} />}
      </ListContextProvider>
    </Box>
  );
};
