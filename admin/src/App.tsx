import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { Admin, CustomRoutes, Loading, Resource } from 'react-admin';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { Dashboard } from './dashboard/Dashboard';
import { Layout } from './layout/Layout';
import regions from './regions';
import households from './households';
import laborers from './laborers';

// The editor is megabytes of Monaco: only those who open the page load it.
const GraphiQLPage = lazy(() => import('./graphiql/GraphiQLPage'));

export const App = () => (
  <Admin dataProvider={dataProvider} authProvider={authProvider} requireAuth i18nProvider={i18nProvider} layout={Layout} dashboard={Dashboard} disableTelemetry title="南充市就业扶贫数据中台">
    <Resource name="Region" {...regions} />
    <Resource name="Household" {...households} />
    <Resource name="Laborer" {...laborers} />
    <CustomRoutes>
      <Route
        path="/graphiql"
        element={
          <Suspense fallback={<Loading />}>
            <GraphiQLPage />
          </Suspense>
        }
      />
    </CustomRoutes>
  </Admin>
);
