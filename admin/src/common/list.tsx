import { CITY_CODE } from '@fupin/schema';
import {
  AutocompleteInput, BulkDeleteButton, BulkExportButton, CreateButton, DeleteButton, EditButton, FilterButton, ReferenceInput, SelectInput,
  TopToolbar, useListContext, type AutocompleteInputProps, type Validator,
} from 'react-admin';
import { DateInput } from './fields';
import { useEffect, type ReactNode } from 'react';
import { useAccess } from './access';
import { RecordHistoryButton } from './RecordHistory';
import { CsvExportButton } from '../exports/CsvExportButton';
import { ListXlsxExportButton } from '../exports/XlsxExportButton';
import { ImportButton } from '../imports/ImportButton';

/**
 * Keeps the ticked rows to what the list shows: a new filter (or sort) clears the selection, and a
 * ticked row that is no longer on the page (another page, a refresh that dropped it) is unticked, so
 * "已选择 N 项" counts rows the clerk can see and a bulk action acts on them only.
 */
// The last filter and sort each resource's list showed: the selection outlives the list (react-admin keeps
// it in its store), so a list opened again with another filter (a link, the back button) clears it too.
const lastShown = new Map<string, string>();

export const SelectionFollowsList = () => {
  const { resource, filterValues, sort, data, selectedIds, onSelect, onUnselectItems, isFetching } = useListContext();
  const key = JSON.stringify([filterValues, sort]);
  useEffect(() => {
    if (lastShown.has(resource) && lastShown.get(resource) !== key) onUnselectItems();
    lastShown.set(resource, key);
  }, [resource, key, onUnselectItems]);
  useEffect(() => {
    if (isFetching || !data || selectedIds.length === 0) return;
    const shown = new Set(data.map((r) => r.id));
    const kept = selectedIds.filter((id) => shown.has(id));
    if (kept.length !== selectedIds.length) onSelect(kept);
  }, [data, selectedIds, onSelect, isFetching]);
  return null;
};

/** Filters, create (for those who may write) and CSV export of what the filters select. */
export const ListActions = ({ resource, create = true, children }: { resource: string; create?: boolean; children?: ReactNode }) => {
  const { canWrite } = useAccess();
  return (
    <TopToolbar>
      <SelectionFollowsList />
      <FilterButton />
      {children}
      {create && canWrite(resource) && <CreateButton />}
      <ImportButton />
      <CsvExportButton />
      <ListXlsxExportButton />
    </TopToolbar>
  );
};

/** Export of the ticked rows, and their deletion for those who may write (pessimistic: the server may refuse). */
export const BulkActions = ({ resource, deletable = true }: { resource: string; deletable?: boolean }) => {
  const { canWrite } = useAccess();
  return (
    <>
      <BulkExportButton />
      {deletable && canWrite(resource) && <BulkDeleteButton mutationMode="pessimistic" />}
    </>
  );
};

/** Edit and delete on a record's page, for those who may write; its 操作日志 for those who may read it. */
export const ShowActions = ({ resource, edit = true, deletable = true, children }: { resource: string; edit?: boolean; deletable?: boolean; children?: ReactNode }) => {
  const { canWrite } = useAccess();
  return (
    <TopToolbar>
      {children}
      <RecordHistoryButton entity={resource} />
      {edit && canWrite(resource) && <EditButton />}
      {deletable && canWrite(resource) && <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

/** `<field>_gte` and `<field>_lte` date filters (labels: resources.<R>.fields.<field>_gte/_lte). */
export const dateRange = (field: string) => [<DateInput key={`${field}_gte`} source={`${field}_gte`} />, <DateInput key={`${field}_lte`} source={`${field}_lte`} />];

const byQ = (q: string) => ({ q });

interface RefInputProps {
  source: string;
  validate?: Validator | Validator[];
  alwaysOn?: boolean;
  filter?: Record<string, unknown>;
  disabled?: boolean;
  helperText?: AutocompleteInputProps['helperText'];
  label?: string;
}

/**
 * A record chosen by a search on the server (`q`), never by loading the whole list: there are 170,000
 * laborers. The option shows enough to tell namesakes apart.
 */
function searchInput(reference: string, optionText: AutocompleteInputProps['optionText'], width = 320) {
  const Input = ({ source, validate, filter, disabled, helperText, label, alwaysOn: _alwaysOn }: RefInputProps) => (
    <ReferenceInput source={source} reference={reference} filter={filter}>
      <AutocompleteInput filterToQuery={byQ} optionText={optionText} validate={validate} disabled={disabled} helperText={helperText} label={label} sx={{ minWidth: width }} />
    </ReferenceInput>
  );
  Input.displayName = `${reference}Input`;
  return Input;
}

type Named = { name?: string; title?: string; village?: { name?: string }; township?: { name?: string }; county?: { name?: string }; idNumber?: string };

export const LaborerInput = searchInput(
  'Laborer',
  (r: Named) => [r.name, [r.county?.name, r.township?.name, r.village?.name].filter(Boolean).join(''), r.idNumber ? `…${r.idNumber.slice(-4)}` : ''].filter(Boolean).join(' '),
  360,
);
export const TrainingClassInput = searchInput('TrainingClass', (r: Named & { startDate?: string; provider?: { name?: string } }) => `${r.title}${r.startDate ? `（${r.startDate}）` : ''}`, 360);
export const TrainingProviderInput = searchInput('TrainingProvider', 'name');
export const WelfarePostInput = searchInput('WelfarePost', (r: Named & { region?: { name?: string; parent?: { name?: string } } }) => `${r.title}（${r.region?.parent?.name ?? ''}${r.region?.name ?? ''}）`, 360);
export const PolicyInput = searchInput('Policy', 'name', 360);

/** One of the nine counties (training classes, providers, job fairs, budgets are kept by county). */
export const CountyInput = ({ source = 'countyId', validate, alwaysOn: _alwaysOn }: { source?: string; validate?: Validator | Validator[]; alwaysOn?: boolean }) => (
  <ReferenceInput source={source} reference="Region" filter={{ parentId: CITY_CODE }} sort={{ field: 'code', order: 'ASC' }} perPage={50}>
    <SelectInput optionText="name" validate={validate} sx={{ minWidth: 200 }} />
  </ReferenceInput>
);

/** Column titles on one line (Chinese titles otherwise break after every two characters); dates too. */
export const NOWRAP_HEADERS = { '& th': { whiteSpace: 'nowrap' }, '& td.column-appliedOn, & td.column-paidOn, & td.column-startDate, & td.column-endDate': { whiteSpace: 'nowrap' } } as const;
