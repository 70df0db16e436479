import fs from 'node:fs';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { getSchema } from './schema';
import { printSdl, SDL_PATH } from './schema-sdl';

describe('committed SDL', () => {
  it('matches the schema the code builds (run `npm run emit-schema --workspace @fupin/api` after a change)', async () => {
    const committed = fs.existsSync(SDL_PATH) ? fs.readFileSync(SDL_PATH, 'utf8') : '';
    expect(committed, 'schema/schema.graphql is stale').toBe(await printSdl());
  });

  it('documents every type, field, argument and enum value', async () => {
    const schema = await getSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
      if (!type.description && !['Query', 'Mutation', 'Subscription'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) for (const arg of field.args) if (!arg.description && arg.name !== 'filter') missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing.join(", ")).toBe("");
  });
});
