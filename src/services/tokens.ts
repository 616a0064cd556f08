/** Secrets handed to a browser or an email are random; the database only ever stores their SHA-256. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: for session cookies, CSRF tokens, emailed links. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison of two strings (false when either is empty or lengths differ). */
export function sameSecret(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A token in a URL path: what randomToken() produces, nothing else (so junk never reaches a query). */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{32,64}$/.test(value);
}
