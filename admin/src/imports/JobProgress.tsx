import { Box, LinearProgress, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';

/**
 * A long step's progress bar: its phase and the rows done (of the total once known). The state is the
 * hub's (polled), so leaving the page and coming back shows where the job is.
 */
export const JobProgress = ({ phase, done, total, testId = 'job-progress' }: { phase: string; done: number; total: number; testId?: string }) => {
  const translate = useTranslate();
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <Box data-testid={testId} sx={{ my: 1 }}>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', mb: 0.5 }}>
        <Typography variant="body2" data-testid={`${testId}-label`}>
          {total > 0
            ? translate('fupin.imports.progress', { phase, done: formatCount(done), total: formatCount(total) })
            : done > 0
              ? translate('fupin.imports.progressRows', { phase, done: formatCount(done) })
              : `${phase}…`}
        </Typography>
        {pct != null && <Typography variant="body2" color="text.secondary">{`${pct}%`}</Typography>}
      </Box>
      <LinearProgress variant={pct == null ? 'indeterminate' : 'determinate'} value={pct ?? undefined} sx={{ height: 8, borderRadius: 1 }} />
    </Box>
  );
};
