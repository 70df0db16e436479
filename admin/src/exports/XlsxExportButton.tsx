import GridOnIcon from '@mui/icons-material/GridOn';
import { Paper, Portal } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { Button, useListContext, useNotify, useTranslate } from 'react-admin';
import { formatCount } from '../format';
import { downloadFile, exportFileUrl, importApi, type ExportJob } from '../imports/importApi';
import { JobProgress } from '../imports/JobProgress';

const POLL_MS = 1000;

/**
 * An .xlsx export made by the hub as a job (streamed: the whole registry fits in one file, in the import
 * template's layout): the button starts it and stays disabled until the file is downloaded, a progress
 * bar shows the rows written. `resource` is a list's type, or DASHBOARD / TRACKING for those tables.
 */
export const XlsxExportButton = ({
  resource, filter, sort, label = 'fupin.export.xlsx', disabled,
}: { resource: string; filter?: Record<string, unknown>; sort?: { field: string; order: string }; label?: string; disabled?: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [job, setJob] = useState<ExportJob | null>(null);
  const running = useRef(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const start = async () => {
    if (running.current) return;
    running.current = true;
    try {
      let j = await importApi.startExport(resource, filter, sort);
      setJob(j);
      while (alive.current && (j.status === 'QUEUED' || j.status === 'RUNNING')) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        j = (await importApi.exportJob(j.id)) ?? j;
        if (alive.current) setJob(j);
      }
      if (j.status === 'FAILED') throw new Error(j.error?.message ?? j.status);
      if (j.status === 'DONE') {
        notify('fupin.export.ready', { type: 'info', messageArgs: { count: formatCount(j.rowsTotal) } });
        await downloadFile(exportFileUrl(j.id), j.fileName ?? `${resource}.xlsx`);
      }
    } catch (e) {
      notify('fupin.export.failed', { type: 'error', messageArgs: { message: (e as Error).message } });
    } finally {
      running.current = false;
      if (alive.current) setJob(null);
    }
  };

  return (
    <>
      <Button label={label} onClick={start} disabled={disabled || job != null} data-testid="export-xlsx" aria-busy={job != null} sx={{ textTransform: 'none' }}>
        <GridOnIcon />
      </Button>
      {job && (
        <Portal>
          <Paper elevation={6} sx={{ position: 'fixed', right: 24, bottom: 24, width: 380, px: 2, py: 1, zIndex: 1400 }} data-testid="export-progress">
            <JobProgress
              phase={translate(`fupin.export.phase.${job.status === 'QUEUED' ? 'QUEUED' : 'RUNNING'}`)}
              done={job.rowsDone}
              total={job.rowsTotal}
              testId="export-job"
            />
          </Paper>
        </Portal>
      )}
    </>
  );
};

/** The list's .xlsx export: the filter and sort the list shows. */
export const ListXlsxExportButton = () => {
  const { resource, filterValues, filter, sort, total } = useListContext();
  return <XlsxExportButton resource={resource} filter={filter ? { ...filterValues, ...filter } : filterValues} sort={sort} disabled={total === 0} />;
};
