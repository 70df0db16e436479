import { Breadcrumbs, Link as MuiLink, TextField as MuiTextField, Typography } from '@mui/material';
import { Link, TextInput, useCreatePath, useFieldValue, useLocaleState, type FieldProps, type TextInputProps, type Validator, useTranslate } from 'react-admin';
import { formatDate, formatDateLong, formatYuan } from '../format';

const lang = (locale: string) => (locale === 'en' ? 'en' : 'zh');

/** A LocalDate or timestamp as 2017-06-30 (`long`: 2017年6月30日). */
export const LocalDateField = ({ source, long }: FieldProps & { long?: boolean }) => {
  const value = useFieldValue({ source });
  const [locale] = useLocaleState();
  return (
    <Typography component="span" variant="body2">
      {long ? formatDateLong(value, lang(locale)) : formatDate(value)}
    </Typography>
  );
};
LocalDateField.displayName = 'LocalDateField';

/**
 * Yuan as lists and record pages write them: 1,500.00, the unit in the label (金额（元）), one format
 * for every row of a column (no ¥ in one row and 万元 in the next).
 */
export const MoneyField = ({ source }: FieldProps) => {
  const value = useFieldValue({ source });
  return (
    <Typography component="span" variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatYuan(value)}
    </Typography>
  );
};
MoneyField.displayName = 'MoneyField';

export interface RegionCrumb {
  id: string;
  name: string;
}

/** City > county > township > village, each a link to its region page. */
export const RegionBreadcrumb = ({ regions, current }: { regions: RegionCrumb[]; current?: RegionCrumb }) => {
  const createPath = useCreatePath();
  return (
    <Breadcrumbs separator="›" data-testid="region-breadcrumb">
      {regions.map((r) => (
        <MuiLink key={r.id} component={Link} to={createPath({ resource: 'Region', type: 'show', id: r.id })} underline="hover" color="inherit">
          {r.name}
        </MuiLink>
      ))}
      {current && (
        <Typography color="text.primary" component="span">
          {current.name}
        </Typography>
      )}
    </Breadcrumbs>
  );
};

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A real calendar day written YYYY-MM-DD. */
export const validDay: Validator = (value) => {
  if (value == null || value === '') return undefined;
  const v = String(value);
  if (!DAY.test(v)) return 'fupin.validation.dayFormat';
  const d = new Date(`${v}T00:00:00Z`);
  return d.toISOString().slice(0, 10) === v ? undefined : 'fupin.validation.dayFormat';
};

/**
 * A date typed as 2017-06-30 whatever the computer's language: the browser's own date control shows
 * mm/dd/yyyy on an English system, and the admin writes one date format everywhere.
 */
export const DateInput = ({ validate, ...props }: TextInputProps) => {
  const validators = [...(Array.isArray(validate) ? validate : validate ? [validate] : []), validDay];
  return (
    <TextInput
      {...props}
      validate={validators}
      format={(v: unknown) => (v ? formatDate(String(v)) || String(v) : '')}
      parse={(v: string) => v.trim().replace(/[./年月]/g, '-').replace(/日$/, '') || null}
      slotProps={{ htmlInput: { placeholder: 'yyyy-mm-dd', maxLength: 10, inputMode: 'numeric', autoComplete: 'off' } }}
    />
  );
};

/** True for a real calendar day written YYYY-MM-DD. */
export const isDay = (v: string) => validDay(v, {}, {} as never) === undefined && v !== '';

/**
 * DateInput's twin for dialogs outside a react-admin form (a decision's day, a helper's start): a typed
 * yyyy-mm-dd, never the browser's date control (mm/dd/yyyy and English on an English system). The caller
 * keeps its submit disabled while `isDay(value)` is false; the message says the format in the admin's language.
 */
export const DayTextField = ({ label, value, onChange, testId }: { label: string; value: string; onChange: (v: string) => void; testId?: string }) => {
  const translate = useTranslate();
  const bad = value !== '' && !isDay(value);
  return (
    <MuiTextField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value.trim().replace(/[./年月]/g, '-').replace(/日$/, ''))}
      error={bad || value === ''}
      helperText={bad || value === '' ? translate('fupin.validation.dayFormat') : undefined}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { placeholder: 'yyyy-mm-dd', maxLength: 10, inputMode: 'numeric', autoComplete: 'off', 'data-testid': testId } }}
    />
  );
};
