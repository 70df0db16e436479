import type { Validator } from 'react-admin';

/** An end date is not before its start (the API's rule for classes, jobs, placements). */
export const notBefore =
  (startField: string): Validator =>
  (value, values) =>
    value && values?.[startField] && String(value) < String(values[startField]) ? 'fupin.programme.endBeforeStart' : undefined;

/** Payment periods as the API takes them: YYYY, YYYY-MM or YYYY-T1/T2, by the policy's amount rule. */
export const PERIOD_PATTERNS: Record<string, RegExp> = {
  PER_PERSON: /^\d{4}$/,
  INTEREST_SHARE: /^\d{4}$/,
  PER_MONTH: /^\d{4}-(0[1-9]|1[0-2])$/,
  PER_TERM: /^\d{4}-T[12]$/,
};
