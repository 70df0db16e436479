import { Box, Card, CardContent, Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatDateLong } from '../format';

/**
 * The person's story in date order. For now it holds the registry's own facts (birth, registration and
 * last change when the API reports them, the household's and the person's exit from poverty); the
 * programme modules (training, welfare posts, loans, schooling, employment, enterprises, job fairs) and
 * subsidy payments add their records here as `TimelineEvent`s when their resources exist.
 */
export interface TimelineEvent {
  /** YYYY-MM-DD, or a timestamp; year-only facts use their year's last day so they sort after dated ones. */
  date: string;
  /** When only the year is known. */
  year?: number;
  /** i18n key of the event's title. */
  title: string;
  detail?: string;
  kind: 'registry' | 'programme' | 'payment';
}

interface LaborerRecord {
  birthDate?: string;
  createdAt?: string;
  updatedAt?: string;
  exitedPovertyYear?: number | null;
  povertyStatus?: string;
  household?: { headName?: string; exitedPovertyYear?: number | null };
}

export function registryEvents(r: LaborerRecord): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (r.birthDate) events.push({ date: r.birthDate, title: 'fupin.timeline.born', kind: 'registry' });
  if (r.createdAt) events.push({ date: r.createdAt, title: 'fupin.timeline.registered', kind: 'registry' });
  if (r.updatedAt && r.updatedAt !== r.createdAt) events.push({ date: r.updatedAt, title: 'fupin.timeline.updated', kind: 'registry' });
  const hhYear = r.household?.exitedPovertyYear;
  if (hhYear && hhYear !== r.exitedPovertyYear) events.push({ date: `${hhYear}-12-31`, year: hhYear, title: 'fupin.timeline.householdExited', kind: 'registry' });
  if (r.exitedPovertyYear) events.push({ date: `${r.exitedPovertyYear}-12-31`, year: r.exitedPovertyYear, title: 'fupin.timeline.exited', kind: 'registry' });
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

export const LaborerTimeline = () => {
  const record = useRecordContext<LaborerRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const events = registryEvents(record);
  return (
    <Card variant="outlined" data-testid="laborer-timeline">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('fupin.laborer.timeline')}
        </Typography>
        {events.length === 0 && <Typography color="text.secondary">{translate('fupin.timeline.empty')}</Typography>}
        <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0, borderLeft: 2, borderColor: 'primary.light', ml: 1 }}>
          {events.map((e, i) => (
            <Box component="li" key={i} sx={{ position: 'relative', pl: 2, pb: 1.5 }}>
              <Box sx={{ position: 'absolute', left: -7, top: 6, width: 12, height: 12, borderRadius: '50%', bgcolor: 'primary.main' }} />
              <Typography variant="body2" color="text.secondary">
                {e.year ? translate('fupin.timeline.yearOnly', { year: e.year }) : formatDateLong(e.date, locale === 'en' ? 'en' : 'zh')}
              </Typography>
              <Typography variant="body1">{translate(e.title)}</Typography>
              {e.detail && <Typography variant="body2">{e.detail}</Typography>}
            </Box>
          ))}
        </Box>
        <Typography variant="caption" color="text.secondary">
          {translate('fupin.timeline.programmesLater')}
        </Typography>
      </CardContent>
    </Card>
  );
};
