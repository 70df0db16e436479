import './workers';
import 'graphiql/style.css';
import { Box } from '@mui/material';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useEffect, useRef } from 'react';
import { Title, useLocaleState, useTranslate } from 'react-admin';
import { translateGraphiQL } from './chinese';
import { apiLanguage } from '../i18n';
import { EXAMPLES } from './examples';

// The hub's own endpoint; the editor and its workers are bundled, so the page needs no internet.
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'Accept-Language': apiLanguage() } }),
});

const tabs = EXAMPLES.map((e) => ({ query: e.query, variables: e.variables }));

// GraphiQL opens the first default tab's query but not its variables (it reads only stored ones): hand
// them over while nothing is stored, i.e. while the default tabs are the ones shown.
const firstVisit = () => {
  try {
    return localStorage.getItem('graphiql:tabState') == null;
  } catch {
    return true;
  }
};

/** GraphiQL with the schema docs and example queries (loaded lazily: the editor is large). */
export default function GraphiQLPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const root = useRef<HTMLDivElement>(null);
  // GraphiQL's own labels and tooltips follow the screen's language (it ships English only).
  useEffect(() => (locale === 'en' || !root.current ? undefined : translateGraphiQL(root.current)), [locale]);
  return (
    <Box ref={root} sx={{ height: 'calc(100vh - 64px)', display: 'flex', flexDirection: 'column', '& .graphiql-container': { flex: 1, minHeight: 0 } }} data-testid="graphiql-page">
      <Title title={translate('fupin.graphiql.title')} />
      <GraphiQL fetcher={fetcher} defaultTabs={tabs} initialVariables={firstVisit() ? tabs[0].variables : undefined} defaultEditorToolsVisibility="variables" />
    </Box>
  );
}
