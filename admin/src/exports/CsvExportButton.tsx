import DownloadIcon from '@mui/icons-material/GetApp';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { Button, fetchRelatedRecords, useDataProvider, useListContext, useNotify, useTranslate } from 'react-admin';
import { EXPORT_MAX_ROWS } from '../common/export';
import { formatCount } from '../format';

/**
 * The list's CSV export (react-admin's exporter of the list) that never cuts a list silently: above
 * EXPORT_MAX_ROWS the clerk is told the total and the limit, and chooses the Excel export (streamed
 * whole by the hub) or the first rows; the button is disabled while an export runs.
 */
export const CsvExportButton = ({ max = EXPORT_MAX_ROWS }: { max?: number }) => {
  const { filter, filterValues, resource, sort, exporter, total } = useListContext();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);

  const run = async () => {
    setAsking(false);
    if (!exporter || busy) return;
    setBusy(true);
    try {
      const { data } = await dataProvider.getList(resource, {
        sort,
        filter: filter ? { ...filterValues, ...filter } : filterValues,
        pagination: { page: 1, perPage: max },
      });
      await exporter(data, fetchRelatedRecords(dataProvider), dataProvider, resource);
      if (total != null && total > data.length) notify('fupin.export.capped', { type: 'warning', messageArgs: { max: formatCount(data.length), total: formatCount(total) } });
    } catch (e) {
      notify('fupin.export.failed', { type: 'error', messageArgs: { message: (e as Error).message } });
    } finally {
      setBusy(false);
    }
  };

  // A list without an exporter (users, the audit trail, target profiles: exporter={false}) has no CSV:
  // the button is not shown rather than shown doing nothing.
  if (!exporter) return null;
  return (
    <>
      <Button label="fupin.export.csv" onClick={() => (total != null && total > max ? setAsking(true) : run())} disabled={busy || total === 0} data-testid="export-csv" sx={{ textTransform: 'none' }}>
        <DownloadIcon />
      </Button>
      <Dialog open={asking} onClose={() => setAsking(false)} data-testid="export-csv-cap">
        <DialogTitle>{translate('fupin.export.capTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('fupin.export.capText', { total: formatCount(total), max: formatCount(max) })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setAsking(false)}>{translate('fupin.export.capCancel')}</MuiButton>
          <MuiButton onClick={run} variant="contained">
            {translate('fupin.export.capFirst', { max: formatCount(max) })}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
