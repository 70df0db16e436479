import { Link as MuiLink } from '@mui/material';
import { DataTable, List, SelectInput, TextInput, useCreatePath, useRecordContext, useResourceDefinitions, useTranslate } from 'react-admin';
import { Link } from 'react-router';
import { AuditChanges } from '../common/RecordHistory';
import { DateInput } from '../common/fields';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { ListActions, NOWRAP_HEADERS } from '../common/list';
import { EnumField } from '../common/recordFields';
import { formatDateTime } from '../format';
import type { AuditEntry } from '../hubMethods';

/** Record types by their name on screen (the resources the admin has). */
const EntityInput = (props: { source: string; alwaysOn?: boolean }) => {
  const defs = useResourceDefinitions();
  const translate = useTranslate();
  const choices = Object.keys(defs).map((name) => ({ id: name, name: translate(`resources.${name}.name`, { smart_count: 1, _: name }) }));
  return <SelectInput {...props} choices={choices} />;
};

const filters = [
  <EntityInput key="entity" source="entity" alwaysOn />,
  <TextInput key="username" source="username" alwaysOn />,
  <SelectInput key="action" source="action" choices={choicesOf('AuditAction')} alwaysOn />,
  <TextInput key="recordId" source="recordId" />,
  <RegionPicker key="regionCode" source="regionCode" />,
  // Days typed yyyy-mm-dd (the data provider makes them the viewer's local start and end of day).
  <DateInput key="at_gte" source="at_gte" />,
  <DateInput key="at_lte" source="at_lte" />,
];

const When = () => {
  const r = useRecordContext<AuditEntry & { id: string }>();
  return <span>{formatDateTime(r?.at)}</span>;
};

const What = () => {
  const r = useRecordContext<AuditEntry & { id: string }>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const defs = useResourceDefinitions();
  if (!r) return null;
  const name = translate(`resources.${r.entity}.name`, { smart_count: 1, _: r.entity });
  if (!defs[r.entity]?.hasShow && !defs[r.entity]?.hasEdit) return <span>{name}</span>;
  return (
    <MuiLink component={Link} to={createPath({ resource: r.entity, type: defs[r.entity].hasShow ? 'show' : 'edit', id: r.recordId })} onClick={(e) => e.stopPropagation()}>
      {name}
    </MuiLink>
  );
};

const Changes = () => {
  const r = useRecordContext<AuditEntry & { id: string }>();
  return r ? <AuditChanges entry={r} entity={r.entity} /> : null;
};

/** 操作日志: every change, reveal and sign-in, newest first; who, when (local time), what, which fields. */
export const AuditLogList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} exporter={false} actions={<ListActions resource="AuditLog" create={false} />}>
    <DataTable bulkActionButtons={false} sx={{ ...NOWRAP_HEADERS, '& td': { verticalAlign: 'top' } }}>
      <DataTable.Col source="at" label="resources.AuditLog.fields.at">
        <When />
      </DataTable.Col>
      <DataTable.Col source="username" />
      <DataTable.Col source="action">
        <EnumField source="action" name="AuditAction" />
      </DataTable.Col>
      <DataTable.Col source="entity">
        <What />
      </DataTable.Col>
      <DataTable.Col source="recordId" disableSort />
      <DataTable.Col label="resources.AuditLog.fields.changes" disableSort>
        <Changes />
      </DataTable.Col>
    </DataTable>
  </List>
);
