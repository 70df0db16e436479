import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { HealthResolver } from './health.resolver';
import { regionResolvers } from './modules/region/region.resolver';
import { registryResolvers } from './modules/registry/registry.resolver';

/** Every resolver of the hub; modules add theirs here. */
export const resolvers = [HealthResolver, ...regionResolvers, ...registryResolvers] as unknown as NonEmptyArray<Function>;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema (built once per process: type-graphql's metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false, emitSchemaFile: false });
  return built;
}
