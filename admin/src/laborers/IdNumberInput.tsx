import { Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { parseIdNumber } from '@fupin/schema';
import { TextInput, required, useLocaleState, useTranslate, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { formatDateLong } from '../format';

/**
 * The server's ID-number rule, run as the clerk types (the form validates on change): the message says
 * what is wrong (length, characters, region, birth date, check character).
 */
export const validateIdNumber: Validator = (value) => {
  if (value == null || value === '') return undefined;
  const raw = String(value).trim();
  const result = parseIdNumber(raw);
  if (result.ok) return undefined;
  const key = `fupin.validation.idNumber.${result.problem}`;
  if (result.problem === 'LENGTH') return { message: key, args: { count: raw.length } };
  // CHECKSUM says the number is wrong, never which check character would fit (a mistyped middle digit
  // would be 'fixed' by changing the last one).
  return key;
};

export const IdNumberInput = () => (
  <TextInput source="idNumber" validate={[required(), validateIdNumber]} parse={(v: string) => v.toUpperCase()} slotProps={{ htmlInput: { maxLength: 18, autoComplete: 'off', spellCheck: false } }} />
);

/** Gender and birth date follow from the ID number: shown, never typed. */
export const DerivedFromIdNumber = () => {
  const idNumber = useWatch({ name: 'idNumber' }) as string | undefined;
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const parsed = idNumber ? parseIdNumber(idNumber) : undefined;
  const info = parsed?.ok ? parsed.info : undefined;
  const readOnly = { input: { readOnly: true }, inputLabel: { shrink: true } };
  return (
    <Stack data-testid="derived-from-id" sx={{ mb: 2 }}>
      <Stack direction="row" sx={{ gap: 2 }}>
        <MuiTextField
          label={translate('resources.Laborer.fields.gender')}
          value={info ? translate(`fupin.enum.Gender.${info.gender}`) : ''}
          slotProps={readOnly}
          size="small"
          sx={{ width: 200 }}
          name="derivedGender"
        />
        <MuiTextField
          label={translate('resources.Laborer.fields.birthDate')}
          value={info ? formatDateLong(info.birthDate, locale === 'en' ? 'en' : 'zh') : ''}
          slotProps={readOnly}
          size="small"
          sx={{ width: 200 }}
          name="derivedBirthDate"
        />
      </Stack>
      <Typography variant="caption" color="text.secondary" sx={{ ml: 1.5, mt: 0.5 }}>
        {translate(info ? 'fupin.laborer.derived' : 'fupin.laborer.derivedPending')}
      </Typography>
    </Stack>
  );
};
