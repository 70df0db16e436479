import { Typography } from '@mui/material';
import { useLocaleState, useRecordContext, type FieldProps } from 'react-admin';
import { formatTargetValue } from './values';

/** The target's value in the unit of its indicator. */
export const TargetValueField = ({ source = 'value' }: Partial<FieldProps>) => {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {formatTargetValue(record.indicator, record[source], locale === 'en' ? 'en' : 'zh')}
    </Typography>
  );
};
TargetValueField.displayName = 'TargetValueField';
