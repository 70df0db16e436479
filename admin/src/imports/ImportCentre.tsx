import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { Link, useSearchParams } from 'react-router';
import { BatchList } from './BatchList';
import { BatchView } from './BatchView';
import { NewImport } from './NewImport';
import { importPath } from './paths';

// A one-column grid: wide tables scroll inside their card instead of widening the page (1366x768).
const PAGE_SX = { mt: 2, mb: 4, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 2, minWidth: 0 } as const;

/**
 * 导入中心: a new import (dataset, template, upload), or one batch (`?batch=`: its progress, column and
 * value mapping, whole-file preview, commit, undo), and the list of batches. Everything the page shows
 * comes from the hub, so a clerk can leave and come back to a running batch.
 */
export const ImportCentre = () => {
  const translate = useTranslate();
  const [params] = useSearchParams();
  const batch = params.get('batch');
  const resource = params.get('resource') ?? undefined;
  let filter: Record<string, unknown> | undefined;
  try {
    filter = params.get('filter') ? JSON.parse(params.get('filter')!) : undefined;
  } catch {
    filter = undefined;
  }
  return (
    <Box sx={PAGE_SX} data-testid="import-centre">
      <Title title={translate('fupin.imports.title')} />
      {batch ? (
        <>
          <Box>
            <Button component={Link} to={importPath({ resource })} startIcon={<ArrowBackIcon />} size="small">
              {translate('fupin.imports.back')}
            </Button>
          </Box>
          <BatchView id={batch} />
        </>
      ) : (
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" gutterBottom>
              {translate('fupin.imports.newImport')}
            </Typography>
            <NewImport resource={resource} filter={filter} />
          </CardContent>
        </Card>
      )}
      <BatchList current={batch} resource={resource} />
    </Box>
  );
};
