/**
 * Signing in and out, sessions, and password resets. Sessions live in PostgreSQL (any app
 * process can serve any request); the browser holds a random token whose SHA-256 is the
 * session id. Sign-in is rate limited through `sign_in_attempts`, so the limit holds
 * across processes.
 */
import {
  countSignInFailures,
  countRecentTokens,
  deleteSession,
  deleteSessionsOfUser,
  findLiveSession,
  findUserByEmail,
  findUserById,
  findUsableToken,
  insertSession,
  insertUserToken,
  isKnownDevice,
  markTokenUsed,
  recordSignInAttempt,
  rememberDevice,
  revokeTokensOfUser,
  touchSession,
  updateUser,
  type UserWithOrganisation,
} from '../data/repositories/user.repository.js';
import type { Trx } from '../data/database.js';
import { recordAudit } from './audit.service.js';
import { inTransaction, type ServiceContext, type SignedInUser } from './context.js';
import type { FieldError } from './errors.js';
import { queueEmail } from './mail.service.js';
import { hashPassword, newPasswordErrors, verifyPassword } from './passwords.js';
import { looksLikeToken, randomToken, sha256Hex } from './tokens.js';
import { revokeAllPersonalAccessTokens } from './api-tokens/personal-access-tokens.service.js';
import { knownDeviceKeepsPass, PAIR_WINDOW_MS, signInWaitMs, waitInWords, WIDE_WINDOW_MS } from '../domain/access/sign-in-throttle.js';
import { parseRole } from '../domain/vocabulary/roles.js';
import { passwordResetPath } from '../domain/shared/app-paths.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;
/** How often a live session's last_seen_at is refreshed (not on every request). */
const TOUCH_AFTER_MS = 5 * 60 * 1000;

export const SIGN_IN_FAILED_MESSAGE = 'Enter a correct email address and password';
export const TOO_MANY_ATTEMPTS_MESSAGE = 'You have tried to sign in too many times.';
const tooManyAttempts = (waitMs: number) => `${TOO_MANY_ATTEMPTS_MESSAGE} Wait ${waitInWords(waitMs)} and try again.`;

export function toSignedInUser(u: UserWithOrganisation): SignedInUser {
  return { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin };
}

export interface LiveSession {
  user: SignedInUser;
  csrfToken: string;
}

/** The session behind a cookie value, or null when it is unknown, expired or its user was removed. */
export async function resolveSession(ctx: Pick<ServiceContext, 'db' | 'clock'>, token: string): Promise<LiveSession | null> {
  if (!looksLikeToken(token)) return null;
  const now = ctx.clock.now();
  const row = await findLiveSession(ctx.db, sha256Hex(token), now);
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await touchSession(ctx.db, row.session_id, now);
  return { user: toSignedInUser(row.user), csrfToken: row.csrf_token };
}

/** Starts a session for the user inside the caller's transaction; returns the cookie value. */
export async function startSession(trx: Trx, ctx: Pick<ServiceContext, 'clock'>, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await insertSession(trx, { id: sha256Hex(token), userId, csrfToken: randomToken(), createdAt: now, expiresAt });
  await updateUser(trx, userId, { last_signed_in_at: now }, now);
  return { token, expiresAt };
}

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  /** The session cookie already held, ended on success (no session fixation). */
  previousToken?: string | undefined;
  /** The browser's device cookie: a device the person signed in from before keeps a pass. */
  deviceToken?: string | undefined;
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; user: SignedInUser; deviceToken: string }
  | { ok: false; reason: 'invalid' | 'too_many_attempts'; errors: FieldError[] };

export async function signIn(ctx: ServiceContext, input: SignInInput): Promise<SignInResult> {
  const email = input.email.trim();
  const errors: FieldError[] = [];
  if (!email) errors.push({ field: 'email', message: 'Enter your email address' });
  if (!input.password) errors.push({ field: 'password', message: 'Enter your password' });
  if (errors.length) return { ok: false, reason: 'invalid', errors };

  return inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const deviceHash = input.deviceToken && looksLikeToken(input.deviceToken) ? sha256Hex(input.deviceToken) : null;
    const user = await findUserByEmail(trx, email);
    const usable = user !== undefined && user.status === 'active' && user.password_hash !== null;
    const knownDevice = usable && deviceHash !== null && (await isKnownDevice(trx, deviceHash, user.id));
    // Throttled per email and source together (issue 14): other people's failures from elsewhere
    // never hold this person up, and a device they signed in from before keeps its pass.
    const failures = await countSignInFailures(trx, { email, ip: input.ip, deviceHash: knownDevice ? deviceHash : null, pairSince: new Date(now.getTime() - PAIR_WINDOW_MS), wideSince: new Date(now.getTime() - WIDE_WINDOW_MS) });
    if (!knownDeviceKeepsPass(failures, knownDevice)) {
      const waitMs = signInWaitMs(failures, now);
      if (waitMs > 0) return { ok: false, reason: 'too_many_attempts', errors: [{ field: 'email', message: tooManyAttempts(waitMs) }] } as const;
    }
    const passwordOk = await verifyPassword(usable ? user.password_hash : null, input.password);
    await recordSignInAttempt(trx, { email, ip: input.ip, succeeded: usable && passwordOk, at: now, deviceHash: knownDevice ? deviceHash : null });
    if (!usable || !passwordOk) {
      return { ok: false, reason: 'invalid', errors: [{ field: 'email', message: SIGN_IN_FAILED_MESSAGE }] } as const;
    }
    const deviceToken = deviceHash ? (input.deviceToken as string) : randomToken();
    await rememberDevice(trx, deviceHash ?? sha256Hex(deviceToken), user.id, now);
    if (input.previousToken && /^[A-Za-z0-9_-]{32,64}$/.test(input.previousToken)) await deleteSession(trx, sha256Hex(input.previousToken));
    const session = await startSession(trx, ctx, user.id);
    const signedIn = toSignedInUser(user);
    await recordAudit(trx, { actor: { kind: 'user', user: signedIn }, correlationId: ctx.correlationId }, {
      action: 'USER_SIGNED_IN',
      subjectType: 'user',
      subjectId: user.id,
      after: { ip: input.ip },
    });
    return { ok: true, token: session.token, expiresAt: session.expiresAt, user: signedIn, deviceToken } as const;
  });
}

/** Ends the session behind the cookie value (nothing happens for an unknown one). */
export async function signOut(ctx: ServiceContext, token: string): Promise<void> {
  if (!looksLikeToken(token)) return;
  await inTransaction(ctx, async (trx) => {
    const userId = await deleteSession(trx, sha256Hex(token));
    if (!userId) return;
    await recordAudit(trx, ctx, { action: 'USER_SIGNED_OUT', subjectType: 'user', subjectId: userId });
  });
}

// Password reset ---------------------------------------------------------------------------------

/** At most this many reset emails per account per hour: the form cannot be used to flood a mailbox. */
const MAX_RESETS_PER_HOUR = 3;

/**
 * Emails a single-use link when the address belongs to an active account. The answer is
 * the same either way, so the form never reveals who has an account.
 */
export async function requestPasswordReset(ctx: ServiceContext, rawEmail: string): Promise<{ errors: FieldError[] }> {
  const email = rawEmail.trim();
  if (!email) return { errors: [{ field: 'email', message: 'Enter your email address' }] };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { errors: [{ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' }] };
  await inTransaction(ctx, async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (!user || user.status !== 'active') return;
    const now = ctx.clock.now();
    if ((await countRecentTokens(trx, user.id, 'password_reset', new Date(now.getTime() - 60 * 60 * 1000))) >= MAX_RESETS_PER_HOUR) return;
    const token = randomToken();
    await revokeTokensOfUser(trx, user.id, now, 'password_reset');
    await insertUserToken(trx, { hash: sha256Hex(token), userId: user.id, purpose: 'password_reset', createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS) });
    const link = `${ctx.config.baseUrl}${passwordResetPath(token)}`;
    await queueEmail(trx, ctx, {
      to: user.email,
      subject: 'Reset your Inspectorate password',
      text: [
        `Dear ${user.name},`,
        '',
        'Someone asked to reset the password for your Inspectorate account. To choose a new password, open this link:',
        '',
        link,
        '',
        'The link works once and expires in 1 hour.',
        '',
        'If you did not ask for this, you can ignore this email: your password has not changed.',
      ].join('\n'),
    });
    await recordAudit(trx, ctx, { action: 'PASSWORD_RESET_REQUESTED', subjectType: 'user', subjectId: user.id });
  });
  return { errors: [] };
}

/** The account a reset link belongs to, when the link is still usable. */
export async function findPasswordResetUser(ctx: ServiceContext, token: string): Promise<{ email: string } | null> {
  if (!looksLikeToken(token)) return null;
  const row = await findUsableToken(ctx.db, sha256Hex(token), 'password_reset', ctx.clock.now());
  if (!row) return null;
  const user = await findUserById(ctx.db, row.user_id);
  return user && user.status === 'active' ? { email: user.email } : null;
}

export type ResetResult = { ok: true; session: { token: string; expiresAt: Date } } | { ok: false; reason: 'invalid_link' } | { ok: false; reason: 'invalid'; errors: FieldError[] };

/** Sets the new password, spends the link, ends every other session and signs the person in. */
export async function resetPassword(ctx: ServiceContext, token: string, password: string, confirm: string): Promise<ResetResult> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'invalid_link' };
  const errors = newPasswordErrors(password, confirm);
  return inTransaction(ctx, async (trx): Promise<ResetResult> => {
    const now = ctx.clock.now();
    const row = await findUsableToken(trx, sha256Hex(token), 'password_reset', now);
    const user = row ? await findUserById(trx, row.user_id) : undefined;
    if (!row || !user || user.status !== 'active') return { ok: false, reason: 'invalid_link' };
    if (errors.length) return { ok: false, reason: 'invalid', errors };
    await updateUser(trx, user.id, { password_hash: await hashPassword(password) }, now);
    await markTokenUsed(trx, row.token_hash, now);
    await deleteSessionsOfUser(trx, user.id);
    await revokeAllPersonalAccessTokens(trx, ctx, user.id, 'password_reset');
    const session = await startSession(trx, ctx, user.id);
    await recordAudit(trx, { actor: { kind: 'user', user: toSignedInUser(user) }, correlationId: ctx.correlationId }, {
      action: 'PASSWORD_CHANGED',
      subjectType: 'user',
      subjectId: user.id,
      after: { via: 'password_reset_link' },
    });
    return { ok: true, session };
  });
}
