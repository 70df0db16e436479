import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../common/errors';

/**
 * Passwords are stored as `scrypt$<N>$<r>$<p>$<salt>$<hash>` (Node's built-in scrypt, a per-user random
 * 16-byte salt, base64url). The cost is OWASP's recommendation for scrypt (N=2^17, r=8, p=1: about
 * 0.4 s and 128 MiB per hash here); it is stored with each hash, so raising it later keeps old
 * passwords valid.
 */
const COST = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: compared against when the user does not exist, so timing does not tell. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** Length limits only (NIST SP 800-63B): 10 to 128 characters; no composition rules. */
export function checkPassword(password: string | undefined | null): string {
  const n = [...(password ?? '')].length;
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) throw new AppError('VALIDATION_FAILED', 'password', { detail: 'PASSWORD_LENGTH' });
  return password!;
}

/** A random password for the first administrator (24 characters, 144 bits). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
