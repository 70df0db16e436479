import { lexicographicSortSchema, printSchema } from 'graphql';
import path from 'node:path';
import { getSchema } from './schema';

/** Where the committed SDL lives. */
export const SDL_PATH = path.resolve(__dirname, '../../schema/schema.graphql');

/** The SDL as committed: sorted, so the diff of a change shows only the change. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
