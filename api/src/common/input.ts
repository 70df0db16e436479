import type { ApolloServerPlugin } from '@apollo/server';
import {
  type GraphQLInputType,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  valueFromASTUntyped,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { AppError, registerDetails } from './errors';

/**
 * The one check every input value passes before any resolver runs, by its GraphQL type, whether typed
 * in the query or sent as a variable, at any depth of an input object or list:
 * - text (String, ID): no NUL or other control character (PostgreSQL refuses NUL), no unpaired
 *   surrogate, no bidirectional control (a right-to-left override makes one name display as another),
 *   no zero-width or other invisible character (a name of only those would pass the required check);
 * - LocalDate and DateTime: a real date from 1900 to 2100 (the database refuses the year 0);
 * - Float: finite and at most a billion in magnitude (every money column holds that; 1e20 overflows);
 * - JSON (JSONObject): every key and string inside, as text.
 * A refusal is VALIDATION_FAILED naming the argument or input field, before anything is written.
 */
export const MAX_FLOAT = 1e9;

registerDetails({
  CONTROL_CHARS: { zh: '含有不可见的控制字符', en: 'contains control characters' },
  BIDI_CHARS: { zh: '含有改变文字方向的字符', en: 'contains text direction controls' },
  INVISIBLE_CHARS: { zh: '含有零宽等不可见字符', en: 'contains zero-width or invisible characters' },
  NO_VISIBLE: { zh: '应含有可见的文字', en: 'must contain a visible character' },
  DATE_RANGE: { zh: '应为1900年到2100年之间的真实日期', en: 'must be a real date from 1900 to 2100' },
  NUMBER_RANGE: { zh: '超出允许的数值范围', en: 'is out of range' },
});

// C0 controls but tab, line feed and carriage return; DEL and the C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Invisible by Unicode's own properties, not a list that misses some: default-ignorable code points
// (zero-width characters, the Hangul fillers U+115F/U+1160/U+3164/U+FFA0, variation selectors, tag
// characters, U+206A-206F, …) and format characters (Cf: soft hyphen, BOM, …); plus the blank braille
// pattern U+2800, which is a symbol by category but shows nothing.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/u;
const INVISIBLE_ALL = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/gu;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Whether a text holds at least one character a reader sees (a letter, digit, punctuation or symbol that is not invisible). */
export function hasVisible(value: string): boolean {
  return VISIBLE.test(value.replace(INVISIBLE_ALL, ''));
}

export function checkText(value: string, field: string): void {
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) throw new AppError('VALIDATION_FAILED', field, { detail: 'CONTROL_CHARS' });
  if (BIDI.test(value)) throw new AppError('VALIDATION_FAILED', field, { detail: 'BIDI_CHARS' });
  if (INVISIBLE.test(value)) throw new AppError('VALIDATION_FAILED', field, { detail: 'INVISIBLE_CHARS' });
}

export function checkDate(value: string, field: string, withTime = false): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const y = m ? Number(m[1]) : NaN;
  const ok = m && y >= 1900 && y <= 2100 && !Number.isNaN(Date.parse(withTime ? value : `${m[0]}T00:00:00Z`)) && new Date(`${m[0]}T00:00:00Z`).toISOString().startsWith(m[0]);
  if (!ok) throw new AppError('VALIDATION_FAILED', field, { detail: 'DATE_RANGE' });
}

/** Numbers: finite and at most MAX_FLOAT in magnitude (what every numeric column holds). */
export function checkNumber(value: number | string, field: string): void {
  const n = Number(value);
  if (!(Number.isFinite(n) && Math.abs(n) <= MAX_FLOAT)) throw new AppError('VALIDATION_FAILED', field, { detail: 'NUMBER_RANGE' });
}

/**
 * A JSON argument (an export's filter, an import's mapping): every key and every string inside, at any
 * depth, passes the text check, so a NUL never reaches PostgreSQL's jsonb (which refuses it) or a
 * resolver; the error names the argument.
 */
function checkJson(value: unknown, field: string, depth: number): void {
  if (typeof value === 'string') return checkText(value, field);
  if (!value || typeof value !== 'object') return;
  if (depth > 32) throw new AppError('VALIDATION_FAILED', field);
  if (Array.isArray(value)) return value.forEach((v) => checkJson(v, field, depth + 1));
  for (const [k, v] of Object.entries(value)) {
    checkText(k, field);
    checkJson(v, field, depth + 1);
  }
}

/** Checks a value (an AST literal or a variable's JSON) against its input type. */
function checkValue(value: unknown, type: GraphQLInputType | null | undefined, field: string, variables: Record<string, unknown>): void {
  if (!type || value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, field, variables);
  const node = typeof value === 'object' && value !== null && 'kind' in value ? (value as ValueNode) : null;
  if (node?.kind === Kind.VARIABLE) return checkValue(variables[node.name.value], type, field, variables);
  if (isListType(type)) {
    const items = node ? (node.kind === Kind.LIST ? node.values : [node]) : Array.isArray(value) ? value : [value];
    for (const v of items) checkValue(v, type.ofType, field, variables);
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const entries: [string, unknown][] = node
      ? node.kind === Kind.OBJECT
        ? node.fields.map((f) => [f.name.value, f.value])
        : []
      : typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>)
        : [];
    for (const [k, v] of entries) checkValue(v, fields[k]?.type, k, variables);
    return;
  }
  if (!isScalarType(type)) return;
  const scalar = getNamedType(type).name;
  if (scalar === 'JSONObject' || scalar === 'JSON') return checkJson(node ? valueFromASTUntyped(node, variables) : value, field, 0);
  const raw = node ? (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT ? node.value : undefined) : value;
  if (raw === undefined) return;
  switch (scalar) {
    case 'String':
    case 'ID':
      if (typeof raw === 'string') checkText(raw, field);
      return;
    case 'LocalDate':
      if (typeof raw === 'string') checkDate(raw, field, false);
      return;
    case 'DateTime':
      if (typeof raw === 'string') checkDate(raw, field, true);
      return;
    case 'Float':
      if (typeof raw !== 'boolean') checkNumber(raw as number | string, field);
      return;
    default:
      if (typeof raw === 'string') checkText(raw, field);
  }
}

export function inputPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const variables = request.variables ?? {};
          const typeInfo = new TypeInfo(schema);
          visit(
            document,
            visitWithTypeInfo(typeInfo, {
              Argument(arg) {
                try {
                  checkValue(arg.value, typeInfo.getInputType(), arg.name.value, variables);
                } catch (e) {
                  // Like a resolver's error: the request was understood, the input is refused.
                  if (e instanceof AppError) (e.extensions as Record<string, unknown>).http = { status: 200 };
                  throw e;
                }
                return false;
              },
            }),
          );
        },
      };
    },
  };
}
