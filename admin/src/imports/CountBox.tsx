import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';

/** One figure of a preview: its label, the number of rows (one format, with its unit 行). */
export const CountBox = ({ label, value, color = 'text.primary', testId }: { label: string; value: number; color?: string; testId: string }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, px: 2, py: 1 }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" sx={{ color, fontWeight: 600 }}>
        <span data-testid={`${testId}-value`}>{formatCount(value)}</span>
        <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 0.5 }}>
          {translate('fupin.imports.preview.unit')}
        </Typography>
      </Typography>
    </Box>
  );
};
