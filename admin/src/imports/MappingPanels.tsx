import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import {
  Accordion, AccordionDetails, AccordionSummary, Alert, Button, Card, CardContent, MenuItem, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';
import { useSetBatch } from './BatchView';
import { useAction } from './useAction';
import { importApi, type ImportBatch, type ImportDatasetInfo } from './importApi';

const IGNORE = '__ignore__';

type Option = { value: string; label: string };

/** A select inside a table cell, its first option the "none" choice. */
const CellSelect = ({ label, value, onChange, none, options }: { label: string; value: string; onChange: (v: string) => void; none: Option; options: Option[] }) => (
  <TextField select size="small" variant="standard" value={value} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 220 }} slotProps={{ select: { SelectDisplayProps: { 'aria-label': label } as object } }}>
    {[none, ...options].map((o) => (
      <MenuItem key={o.value} value={o.value}>
        {o.label}
      </MenuItem>
    ))}
  </TextField>
);

/**
 * The file's columns and the field each fills, as the hub matched them (labels, synonyms, field names,
 * or the mapping remembered for this shape of file); the clerk corrects it and the preview runs again.
 * Open when a required field has no column.
 */
export const MappingPanel = ({ batch, info }: { batch: ImportBatch; info: ImportDatasetInfo }) => {
  const translate = useTranslate();
  const setBatch = useSetBatch();
  const { busy, run } = useAction();
  const initial = Object.fromEntries(batch.headers.map((h) => [h.header, h.field ?? IGNORE]));
  const [columns, setColumns] = useState<Record<string, string>>(initial);
  const mapped = Object.values(columns).filter((f) => f !== IGNORE);
  const missing = info.columns.filter((c) => c.required && !mapped.includes(c.field));
  const twice = info.columns.filter((c) => mapped.filter((f) => f === c.field).length > 1);
  const changed = batch.headers.some((h) => (h.field ?? IGNORE) !== columns[h.header]);
  const [open, setOpen] = useState(missing.length > 0);

  const apply = () => run(async () => setBatch(await importApi.setMapping(batch.id, Object.fromEntries(Object.entries(columns).map(([h, f]) => [h, f === IGNORE ? null : f])))));

  return (
    <Accordion variant="outlined" expanded={open} onChange={(_e, v) => setOpen(v)} disableGutters data-testid="import-mapping">
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="subtitle1">
          {translate('fupin.imports.mapping.title')}
          <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
            {`${formatCount(mapped.length)} / ${formatCount(batch.headers.length)}`}
          </Typography>
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('fupin.imports.mapping.hint')}
        </Typography>
        {missing.length > 0 && (
          <Alert severity="error" sx={{ mb: 1 }} data-testid="mapping-missing">
            {translate('fupin.imports.mapping.missing', { fields: missing.map((c) => c.label).join('、') })}
          </Alert>
        )}
        {twice.map((c) => (
          <Alert key={c.field} severity="error" sx={{ mb: 1 }}>
            {translate('fupin.imports.mapping.duplicate', { field: c.label })}
          </Alert>
        ))}
        <TableContainer sx={{ maxHeight: 360 }}>
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell>{translate('fupin.imports.mapping.column')}</TableCell>
                <TableCell>{translate('fupin.imports.mapping.field')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {batch.headers.map((h) => (
                <TableRow key={h.index} data-testid={`mapping-row-${h.index}`}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{h.header}</TableCell>
                  <TableCell>
                    <CellSelect
                      label={h.header}
                      value={columns[h.header] ?? IGNORE}
                      onChange={(v) => setColumns({ ...columns, [h.header]: v })}
                      none={{ value: IGNORE, label: translate('fupin.imports.mapping.ignore') }}
                      options={info.columns.map((c) => ({ value: c.field, label: c.required ? `${c.label} *` : c.label }))}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <Button variant="contained" sx={{ mt: 1 }} disabled={!changed || busy || twice.length > 0} onClick={apply} data-testid="mapping-apply">
          {translate('fupin.imports.mapping.apply')}
        </Button>
      </AccordionDetails>
    </Accordion>
  );
};

/** Each distinct value of a coded column the hub did not recognise, mapped once for every row that has it. */
export const ValuesPanel = ({ batch, info }: { batch: ImportBatch; info: ImportDatasetInfo }) => {
  const translate = useTranslate();
  const setBatch = useSetBatch();
  const { busy, run } = useAction();
  const keyOf = (u: { field: string; value: string }) => `${u.field}\u0000${u.value}`;
  const [choice, setChoice] = useState<Record<string, string>>(() => Object.fromEntries(batch.unknownValues.map((u) => [keyOf(u), u.mappedTo ?? ''])));

  const apply = async () => {
    const values: Record<string, Record<string, string>> = {};
    for (const u of batch.unknownValues) {
      const to = choice[keyOf(u)];
      if (to) (values[u.field] ??= {})[u.value] = to;
    }
    return run(async () => setBatch(await importApi.mapValues(batch.id, values)));
  };

  return (
    <Card variant="outlined" data-testid="import-values">
      <CardContent>
        <Typography variant="subtitle1">{translate('fupin.imports.values.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('fupin.imports.values.hint')}
        </Typography>
        <TableContainer sx={{ maxHeight: 360 }}>
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell>{translate('fupin.imports.values.column')}</TableCell>
                <TableCell>{translate('fupin.imports.values.value')}</TableCell>
                <TableCell align="right">{translate('fupin.imports.values.rows')}</TableCell>
                <TableCell>{translate('fupin.imports.values.mapTo')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {batch.unknownValues.map((u) => {
                const col = info.columns.find((c) => c.field === u.field);
                return (
                  <TableRow key={keyOf(u)} data-testid={`unknown-${u.field}-${u.value}`}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{u.column}</TableCell>
                    <TableCell sx={{ fontWeight: 600 }}>{u.value}</TableCell>
                    <TableCell align="right">{translate('fupin.imports.rowsCount', { count: formatCount(u.count) })}</TableCell>
                    <TableCell>
                      <CellSelect
                        label={`${u.column} ${u.value}`}
                        value={choice[keyOf(u)] ?? ''}
                        onChange={(v) => setChoice({ ...choice, [keyOf(u)]: v })}
                        none={{ value: '', label: translate('fupin.imports.values.unmapped') }}
                        options={col?.values ?? []}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
        <Button variant="contained" sx={{ mt: 1 }} disabled={busy} onClick={apply} data-testid="values-apply">
          {translate('fupin.imports.values.apply')}
        </Button>
      </CardContent>
    </Card>
  );
};
