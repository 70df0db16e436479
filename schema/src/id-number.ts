/**
 * The 18-character resident ID number (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character. Shared by the API (which refuses
 * bad ones), the admin (which checks as the clerk types) and the seed (which makes valid ones).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);

export type IdNumberProblem = 'LENGTH' | 'CHARS' | 'REGION' | 'BIRTH_DATE' | 'CHECKSUM';

export interface IdNumberInfo {
  /** Upper-case form (a typed lower-case x becomes X). */
  idNumber: string;
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
}

/**
 * The check character for the first 17 digits. For making and checking numbers only: no message may show
 * it (a clerk told the "right" last character stores a mistyped number that then passes).
 */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function parseIdNumber(raw: string, today: Date = new Date()): { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, problem: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'CHARS' };
  if (!PROVINCES.has(Number(id.slice(0, 2))) || id.slice(2, 6) === '0000') return { ok: false, problem: 'REGION' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > today.getTime()) {
    return { ok: false, problem: 'BIRTH_DATE' };
  }
  if (idCheckChar(id) !== id[17]) return { ok: false, problem: 'CHECKSUM' };
  return {
    ok: true,
    info: {
      idNumber: id,
      regionCode: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

/**
 * Masks an ID number for roles that may not see it: only the 6-digit region part is kept. The last four
 * (sequence and check character) would, with the age, narrow the birth date enough to complete it.
 */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}${'*'.repeat(12)}` : '******';
}

/** Masks a phone number: last 4 kept. */
export function maskPhone(phone: string): string {
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****';
}
