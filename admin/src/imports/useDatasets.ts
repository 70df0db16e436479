import { useQuery } from '@tanstack/react-query';
import { useLocaleState } from 'react-admin';
import { importApi, type ImportDataset, type ImportDatasetInfo } from './importApi';

/** The importable datasets and their columns, as the hub describes them (labels in the screen's language). */
export function useDatasets() {
  const [locale] = useLocaleState();
  const q = useQuery({ queryKey: ['hub', 'importDatasets', locale], queryFn: importApi.datasets, staleTime: Infinity });
  const byKey = (d: ImportDataset | undefined): ImportDatasetInfo | undefined => q.data?.find((x) => x.dataset === d);
  return { ...q, datasets: q.data ?? [], byKey };
}
