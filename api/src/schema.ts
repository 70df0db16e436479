import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { HealthResolver } from './health.resolver';
import { auditResolvers } from './modules/audit/audit.resolver';
import { authResolvers } from './modules/auth/auth.resolver';
import { RevealResolver } from './modules/auth/reveal.resolver';
import { regionResolvers } from './modules/region/region.resolver';
import { registryResolvers } from './modules/registry/registry.resolver';
import { lifecycleResolvers } from './modules/lifecycle/lifecycle.resolver';
import { helperResolvers } from './modules/lifecycle/helper.resolver';
import { trainingResolvers } from './modules/training/training.resolver';
import { employmentResolvers } from './modules/employment/employment.resolver';
import { enterpriseResolvers } from './modules/enterprise/enterprise.resolver';
import { jobFairResolvers } from './modules/job-fair/job-fair.resolver';
import { welfareResolvers } from './modules/welfare/welfare.resolver';
import { guaranteedLoanResolvers } from './modules/loan/guaranteed-loan.resolver';
import { dreamSchoolingResolvers } from './modules/schooling/dream-schooling.resolver';
import { subsidyResolvers } from './modules/subsidy/subsidy.resolver';
import { trackingResolvers } from './modules/subsidy/tracking.resolver';
import { programResolvers } from './modules/program/program.resolver';
import { statsResolvers } from './modules/stats/stats.resolver';
import { importResolvers } from './modules/import/import.resolver';
import { targetResolvers } from './modules/targets/target.resolver';
import { funnelResolvers } from './modules/funnel/funnel.resolver';
import { reportResolvers } from './modules/report/report.resolver';

/** Every resolver of the hub; modules add theirs here. */
export const resolvers = [HealthResolver, ...authResolvers, ...auditResolvers, RevealResolver, ...regionResolvers, ...registryResolvers, ...trainingResolvers, ...employmentResolvers, ...enterpriseResolvers, ...jobFairResolvers, ...welfareResolvers, ...guaranteedLoanResolvers, ...dreamSchoolingResolvers, ...subsidyResolvers, ...trackingResolvers, ...programResolvers, ...statsResolvers, ...targetResolvers, ...funnelResolvers, ...reportResolvers, ...importResolvers, ...lifecycleResolvers, ...helperResolvers] as unknown as NonEmptyArray<Function>;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema (built once per process: type-graphql's metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false, emitSchemaFile: false });
  return built;
}
