import { Box, Typography } from '@mui/material';
import { NumberInput, SelectInput, SimpleForm, maxValue, minValue, required, useTranslate, type Validator } from 'react-admin';
import { choicesOf } from '../common/choices';

const MONTHS = Array.from({ length: 12 }, (_, i) => i);
// The API keeps fractions (0.45); clerks type percentages (45).
const toPercent = (v: number | null | undefined) => (v == null ? '' : Math.round(v * 10000) / 100);
const toShare = (v: string | number | null | undefined) => (v === '' || v == null ? null : Math.round(Number(v) * 100) / 10000);
const neverDecreasing: Validator = (_v, all) => {
  const s = (all.shares ?? []) as (number | null)[];
  for (let i = 1; i < s.length; i++) if (s[i] != null && s[i - 1] != null && s[i]! < s[i - 1]!) return 'fupin.targets.sharesHint';
  return s[11] != null && s[11] !== 1 ? 'fupin.targets.sharesHint' : undefined;
};

/** Year and indicator make the profile; its twelve month-end shares, in percent, are what changes. */
export const TargetProfileForm = ({ edit }: { edit?: boolean }) => {
  const translate = useTranslate();
  return (
    <SimpleForm sx={{ maxWidth: 900 }} defaultValues={edit ? undefined : { year: 2017, shares: MONTHS.map((i) => Math.round(((i + 1) / 12) * 10000) / 10000) }}>
      <Box sx={{ display: 'flex', gap: 2 }}>
        <NumberInput source="year" validate={[required(), minValue(2014), maxValue(2100)]} disabled={edit} sx={{ width: 160 }} />
        <SelectInput source="indicator" choices={choicesOf('TargetIndicator')} validate={required()} disabled={edit} sx={{ minWidth: 220 }} />
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('fupin.targets.sharesHint')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(6, 120px)', columnGap: 1.5 }}>
        {MONTHS.map((i) => (
          <NumberInput
            key={i}
            source={`shares.${i}`}
            label={translate('fupin.targets.month', { month: i + 1 })}
            format={toPercent}
            parse={toShare}
            validate={[required(), minValue(0), maxValue(1), neverDecreasing]}
            helperText={false}
          />
        ))}
      </Box>
    </SimpleForm>
  );
};
