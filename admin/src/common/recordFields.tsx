import type React from 'react';
import { Link as MuiLink, Typography } from '@mui/material';
import { BooleanField, Link, SelectField, useCreatePath, useFieldValue, useRecordContext, type FieldProps } from 'react-admin';
import { choicesOf } from './choices';
import { MoneyField } from './fields';

/** A linked record shown by its name and opening its page (`laborer { id name }` in the record). */
export const RefLink = ({ source, reference, text = 'name' }: FieldProps & { reference: string; text?: string }) => {
  const record = useRecordContext();
  const createPath = useCreatePath();
  const linked = record?.[source] as Record<string, string> | undefined;
  if (!linked?.id) return null;
  return (
    <MuiLink component={Link} to={createPath({ resource: reference, type: 'show', id: linked.id })} onClick={(e: React.MouseEvent) => e.stopPropagation()} underline="hover">
      {linked[text]}
    </MuiLink>
  );
};
RefLink.displayName = 'RefLink';

/** The laborer of a programme record, linked to their page. */
export const LaborerLink = ({ source = 'laborer' }: Partial<FieldProps>) => <RefLink source={source} reference="Laborer" />;

/** Township and village of a record (`region` or `village` with its parent). */
export const PlaceField = ({ source = 'region' }: Partial<FieldProps>) => {
  const value = useFieldValue({ source }) as { name?: string; parent?: { name?: string } } | undefined;
  if (!value) return null;
  return (
    <Typography component="span" variant="body2">
      {[value.parent?.name, value.name].filter(Boolean).join(' ')}
    </Typography>
  );
};
PlaceField.displayName = 'PlaceField';

/** An enum value by its label in the screen's language. */
export const EnumField = ({ source, name }: FieldProps & { name: Parameters<typeof choicesOf>[0] }) => <SelectField source={source} choices={choicesOf(name)} />;

/** A flag shown only when set (a list of mostly-false ticks reads badly). */
export const Tick = ({ source }: FieldProps) => <BooleanField source={source} FalseIcon={null} />;

/** A fraction (0.0435) as a percentage (4.35%). */
export const PercentField = ({ source }: FieldProps) => {
  const value = useFieldValue({ source });
  return (
    <Typography component="span" variant="body2">
      {value == null ? '' : `${(Number(value) * 100).toFixed(2).replace(/\.?0+$/, '')}%`}
    </Typography>
  );
};
PercentField.displayName = 'PercentField';

export { LocalDateField, MoneyField } from './fields';

/** A policy's amount: yuan, or for INTEREST_SHARE a share of the interest. */
export const PolicyAmountField = ({ source = 'amount' }: Partial<FieldProps>) => {
  const record = useRecordContext();
  return record?.amountRule === 'INTEREST_SHARE' ? <PercentField source={source} /> : <MoneyField source={source} />;
};
PolicyAmountField.displayName = 'PolicyAmountField';
