import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** argon2id with the library's defaults (memory-hard; ~tens of milliseconds). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string: checking a password for an unknown email takes as long as for a known one.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$+hFhBui3IjtbxSde6tKWVg$iaiNsxWPvHwyha1mAq9DrBnz3M09x/USWU7zfGXp3J0';

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}

/** The rules for a new password, as GOV.UK field errors. */
export function newPasswordErrors(password: string, confirm: string, field = 'password'): FieldError[] {
  if (password.length === 0) return [{ field, message: 'Enter a new password' }];
  if (password.length < MIN_PASSWORD_LENGTH) return [{ field, message: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` }];
  if (password.length > MAX_PASSWORD_LENGTH) return [{ field, message: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer` }];
  if (confirm !== password) return [{ field: 'confirmPassword', message: 'Passwords do not match' }];
  return [];
}
