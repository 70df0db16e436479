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
import trainingProviders from './trainingProviders';
import trainingClasses from './trainingClasses';
import enrollments from './enrollments';
import employments from './employments';
import enterprises from './enterprises';
import jobFairs from './jobFairs';
import welfarePosts from './welfarePosts';
import welfarePlacements from './welfarePlacements';
import loans from './loans';
import dreamSchoolings from './dreamSchoolings';
import policies from './policies';
import policyBudgets from './policyBudgets';
import subsidyPayments from './subsidyPayments';
import targets from './targets';
import targetProfiles from './targetProfiles';
import { TargetProgressPage } from './targets/TargetProgressPage';
import exitProposals from './exitProposals';
import helpers from './helpers';
import { VillagePage } from './lifecycle/VillagePage';
import users from './users';
import auditLogs from './auditLogs';
import { PasswordPage } from './account/PasswordPage';
import { DashboardPage } from './dashboard/Dashboard';
import { TrackingPage } from './tracking/TrackingPage';
import { ReportPage } from './report/ReportPage';
import { FunnelPage } from './report/FunnelPage';
import { ImportCentre } from './imports/ImportCentre';
import { IMPORTS_PATH } from './imports/paths';
import { isReader, isWriter, resourceFor } from './common/access';
import type { Permissions } from './authProvider';

// The editor is megabytes of Monaco: only those who open the page load it.
const GraphiQLPage = lazy(() => import('./graphiql/GraphiQLPage'));

export const App = () => (
  <Admin dataProvider={dataProvider} authProvider={authProvider} requireAuth i18nProvider={i18nProvider} layout={Layout} dashboard={Dashboard} disableTelemetry title="南充市就业扶贫数据中台">
    {(permissions: Permissions | null | undefined) => (
      <>
        {/* Dashboard viewers read statistics only: the records' pages are not theirs (the API refuses them too). */}
        {isReader(permissions) && (
          <>
            <Resource name="Region" {...resourceFor(permissions, 'Region', regions)} />
            <Resource name="Household" {...resourceFor(permissions, 'Household', households)} />
            <Resource name="Laborer" {...resourceFor(permissions, 'Laborer', laborers)} />
            <Resource name="TrainingProvider" {...resourceFor(permissions, 'TrainingProvider', trainingProviders)} />
            <Resource name="TrainingClass" {...resourceFor(permissions, 'TrainingClass', trainingClasses)} />
            <Resource name="Enrollment" {...resourceFor(permissions, 'Enrollment', enrollments)} />
            <Resource name="Employment" {...resourceFor(permissions, 'Employment', employments)} />
            <Resource name="Enterprise" {...resourceFor(permissions, 'Enterprise', enterprises)} />
            <Resource name="JobFair" {...resourceFor(permissions, 'JobFair', jobFairs)} />
            <Resource name="WelfarePost" {...resourceFor(permissions, 'WelfarePost', welfarePosts)} />
            <Resource name="WelfarePlacement" {...resourceFor(permissions, 'WelfarePlacement', welfarePlacements)} />
            <Resource name="GuaranteedLoan" {...resourceFor(permissions, 'GuaranteedLoan', loans)} />
            <Resource name="DreamSchooling" {...resourceFor(permissions, 'DreamSchooling', dreamSchoolings)} />
            <Resource name="Policy" {...resourceFor(permissions, 'Policy', policies)} />
            <Resource name="PolicyBudget" {...resourceFor(permissions, 'PolicyBudget', policyBudgets)} />
            <Resource name="SubsidyPayment" {...resourceFor(permissions, 'SubsidyPayment', subsidyPayments)} />
            <Resource name="Target" {...resourceFor(permissions, 'Target', targets)} />
            <Resource name="TargetProfile" {...resourceFor(permissions, 'TargetProfile', targetProfiles)} />
            <Resource name="ExitProposal" {...exitProposals} />
            <Resource name="Helper" {...helpers} />
          </>
        )}
        {/* Users and the audit trail are the city administrators' (the API allows no one else). */}
        {permissions?.role === 'CITY_ADMIN' && (
          <>
            <Resource name="User" {...users} />
            <Resource name="AuditLog" {...auditLogs} />
          </>
        )}
        <CustomRoutes>
          <Route path="/account/password" element={<PasswordPage />} />
          <Route path="/dashboard/:code" element={<DashboardPage />} />
          <Route path="/reports/:code" element={<ReportPage />} />
          <Route path="/targets/progress" element={<TargetProgressPage />} />
          <Route path="/funnel" element={<FunnelPage />} />
          {/* Subsidy tracking is statistics: dashboard viewers (county leaders) have it too. */}
          <Route path="/tracking" element={<TrackingPage />} />
          {isWriter(permissions) && <Route path={IMPORTS_PATH} element={<ImportCentre />} />}
          {isReader(permissions) && <Route path="/village/:code" element={<VillagePage />} />}
          <Route
            path="/graphiql"
            element={
              <Suspense fallback={<Loading />}>
                <GraphiQLPage />
              </Suspense>
            }
          />
        </CustomRoutes>
      </>
    )}
  </Admin>
);
