import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** The twelve cumulative shares as percentages, January to December. */
export const ProfileSharesField = () => {
  const record = useRecordContext();
  if (!record?.shares) return null;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {(record.shares as number[]).map((s) => `${Math.round(s * 1000) / 10}%`).join(' · ')}
    </Typography>
  );
};
