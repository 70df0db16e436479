import { Box, Card, CardContent, Chip, Link as MuiLink, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useCreatePath, useDataProvider, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';
import { formatDateLong, formatMoney } from '../format';
import type { HistoryEvent } from '../hubMethods';

/**
 * The person's story in date order: the registry's own facts (birth, registration and last change, the
 * household's and the person's exit from poverty) and, from `laborerHistory`, every programme record
 * (training, welfare post, loan, 圆梦 schooling, job, business) and every subsidy payment.
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
  /** The programme (or PAYMENT) of a history event, and the page of its record. */
  programme?: HistoryEvent['kind'];
  link?: { resource: string; id: string };
  amount?: number | null;
}

/** The resource whose page shows a history event's record. */
const RESOURCE_OF: Record<HistoryEvent['kind'], string> = {
  TRAINING: 'Enrollment',
  WELFARE_POST: 'WelfarePlacement',
  LOAN: 'GuaranteedLoan',
  DREAM_SCHOOLING: 'DreamSchooling',
  EMPLOYMENT: 'Employment',
  ENTERPRISE: 'Enterprise',
  JOB_FAIR: 'JobFair',
  PAYMENT: 'SubsidyPayment',
};

export function historyEvents(history: HistoryEvent[]): TimelineEvent[] {
  return history.map((h) => ({
    date: h.date,
    title: h.title,
    detail: h.detail,
    kind: h.kind === 'PAYMENT' ? 'payment' : 'programme',
    programme: h.kind,
    link: { resource: RESOURCE_OF[h.kind], id: String(h.recordId) },
    amount: h.amount,
  }));
}

/** Registry facts and history in one date order; on a day, the API's order (records before payments) holds. */
export function mergeEvents(registry: TimelineEvent[], history: TimelineEvent[]): TimelineEvent[] {
  const day = (e: TimelineEvent) => e.date.slice(0, 10);
  return [...registry, ...history].map((e, i) => ({ e, i })).sort((a, b) => day(a.e).localeCompare(day(b.e)) || a.i - b.i).map(({ e }) => e);
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
  const record = useRecordContext<LaborerRecord & { id: string }>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'zh';
  const dp = useDataProvider<HubDataProvider>();
  const createPath = useCreatePath();
  const history = useQuery({
    queryKey: ['hub', 'laborerHistory', record?.id, lang],
    queryFn: () => dp.laborerHistory(String(record!.id)).then((r) => r.data),
    enabled: !!record?.id,
  });
  if (!record) return null;
  const events = mergeEvents(registryEvents(record), historyEvents(history.data ?? []));
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
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }} data-kind={e.programme ?? e.kind}>
                {e.programme && <Chip size="small" variant="outlined" color={e.kind === 'payment' ? 'success' : 'primary'} label={translate(`fupin.programme.kind.${e.programme}`)} />}
                {e.link ? (
                  <MuiLink component={Link} to={createPath({ resource: e.link.resource, type: 'show', id: e.link.id })} variant="body1" underline="hover">
                    {e.title}
                  </MuiLink>
                ) : (
                  <Typography variant="body1">{translate(e.title)}</Typography>
                )}
                {e.amount != null && (
                  <Typography variant="body2" color="text.secondary">
                    {formatMoney(e.amount, lang)}
                  </Typography>
                )}
              </Box>
              {e.detail && <Typography variant="body2">{e.detail}</Typography>}
            </Box>
          ))}
        </Box>
        {history.error && (
          <Typography variant="caption" color="error">
            {(history.error as Error).message}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};
