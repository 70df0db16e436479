import { Breadcrumbs, Link as MuiLink, Typography } from '@mui/material';
import { Link, useCreatePath, useFieldValue, useLocaleState, type FieldProps } from 'react-admin';
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
