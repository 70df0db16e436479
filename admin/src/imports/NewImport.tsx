import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Chip, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router';
import { datasetOfResource, templateFilter } from './datasets';
import { formatBytes } from './format';
import { downloadFile, templateUrl, uploadImport, type ImportDataset } from './importApi';
import { importPath } from './paths';
import { useDatasets } from './useDatasets';

/** The hub's upload limit (docs/import-api.md: 413 IMPORT_FILE_TOO_LARGE above it). */
const MAX_MB = 50;


/** Choose the dataset, download its template (blank or with the list's records), upload a file. */
export const NewImport = ({ resource, filter }: { resource?: string; filter?: Record<string, unknown> }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { datasets, byKey, error } = useDatasets();
  const [dataset, setDataset] = useState<ImportDataset | ''>(datasetOfResource(resource) ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'template' | 'filled' | 'upload' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const info = byKey(dataset || undefined);
  // Opened from a list: the template can carry that list's records (all of the user's scope when unfiltered).
  const prefill = dataset && resource ? (templateFilter(dataset, resource, filter) ?? {}) : undefined;

  const download = async (which: 'template' | 'filled') => {
    if (!dataset) return;
    setBusy(which);
    try {
      await downloadFile(templateUrl(dataset, which === 'filled' ? prefill : undefined), `${info?.label ?? dataset}.xlsx`);
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const pick = (f: File | undefined) => {
    if (!f) return;
    if (!/\.(xlsx|csv)$/i.test(f.name)) return notify('fupin.imports.upload.wrongType', { type: 'error' });
    if (f.size > MAX_MB * 1024 * 1024) return notify('fupin.imports.upload.tooLarge', { type: 'error', messageArgs: { mb: MAX_MB } });
    setFile(f);
  };

  const upload = async () => {
    if (!dataset || !file) return;
    setBusy('upload');
    try {
      const batch = await uploadImport(dataset, file);
      await queryClient.invalidateQueries({ queryKey: ['hub', 'importBatches'] });
      navigate(importPath({ resource, batch }));
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
      setBusy(null);
    }
  };

  return (
    <Stack sx={{ gap: 2 }}>
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label={translate('fupin.imports.dataset')}
          value={datasets.length ? dataset : ''}
          onChange={(e) => setDataset(e.target.value as ImportDataset)}
          sx={{ width: 240 }}
          slotProps={{ htmlInput: { 'data-testid': 'import-dataset' } }}
        >
          {datasets.map((d) => (
            <MenuItem key={d.dataset} value={d.dataset}>
              {d.label}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" startIcon={<DownloadIcon />} disabled={!dataset || busy != null} onClick={() => download('template')} data-testid="template-blank">
          {translate('fupin.imports.template.blank')}
        </Button>
        {prefill && (
          <Button variant="outlined" startIcon={<DownloadIcon />} disabled={busy != null} onClick={() => download('filled')} data-testid="template-filled">
            {translate('fupin.imports.template.filled')}
          </Button>
        )}
      </Stack>
      {!dataset && <Alert severity="info">{translate('fupin.imports.chooseDataset')}</Alert>}
      {dataset && (
        <Typography variant="body2" color="text.secondary">
          {translate('fupin.imports.template.hint')}
        </Typography>
      )}
      {dataset && prefill && (
        <Typography variant="body2" color="text.secondary" data-testid="template-filter">
          {translate('fupin.imports.template.filledHint', {
            filter: Object.keys(prefill).length ? Object.keys(prefill).map((k) => translate(`resources.${resource}.fields.${k}`, { _: k })).join('、') : translate('fupin.imports.template.noFilter'),
          })}
        </Typography>
      )}
      {info && (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }} data-testid="import-columns">
          {info.columns.map((c) => (
            <Chip key={c.field} size="small" variant={c.required ? 'filled' : 'outlined'} label={c.required ? `${c.label} *` : c.label} title={c.rule} />
          ))}
        </Box>
      )}
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <input ref={input} type="file" accept=".xlsx,.csv" hidden data-testid="import-file" onChange={(e) => pick(e.target.files?.[0])} />
        <Button variant="outlined" startIcon={<UploadFileIcon />} disabled={!dataset || busy === 'upload'} onClick={() => input.current?.click()}>
          {translate('fupin.imports.upload.choose')}
        </Button>
        <Typography variant="body2" color={file ? 'text.primary' : 'text.secondary'} data-testid="import-file-name">
          {file ? translate('fupin.imports.upload.file', { name: file.name, size: formatBytes(file.size) }) : translate('fupin.imports.upload.accepted', { mb: MAX_MB })}
        </Typography>
        <Button variant="contained" disabled={!dataset || !file || busy === 'upload'} onClick={upload} data-testid="import-upload">
          {translate(busy === 'upload' ? 'fupin.imports.upload.sending' : 'fupin.imports.upload.send')}
        </Button>
      </Stack>
    </Stack>
  );
};
