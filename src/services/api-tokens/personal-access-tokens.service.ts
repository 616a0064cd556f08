/**
 * Personal access tokens for the JSON API (/api/v1). A token acts as its user, with exactly
 * the user's permissions (the same services check them). It is shown once when created;
 * only its SHA-256 is stored. Tokens can expire and be revoked; a removed user's tokens stop
 * working at once.
 */
import { findUserById } from '../../data/repositories/user.repository.js';
import { isUuid } from '../../data/repositories/inspection.repository.js';
import { recordAudit } from '../audit.service.js';
import { toSignedInUser } from '../auth.service.js';
import { requireUser } from '../authorisation.js';
import { inTransaction, type ServiceContext, type SignedInUser } from '../context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { NOTIFICATIONS_SUBMIT_SCOPE, TOKEN_SCOPES } from '../../domain/access/permissions.js';
import type { Trx } from '../../data/database.js';
import { randomToken, sha256Hex } from '../tokens.js';

export const TOKEN_PREFIX = 'insp_pat_';
export const MAX_TOKEN_LIFETIME_DAYS = 366;
/** last_used_at is written at most this often per token. */
const TOUCH_AFTER_MS = 60_000;

export interface TokenView {
  id: string;
  name: string;
  /** The first characters, so a person can tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The token's scopes, `notifications:submit` included when its user has given it that scope. */
  scopes: string[];
  /** May it submit statutory notifications (issue 19)? */
  notificationsScope: boolean;
  lastUsedFrom: string | null;
  revokedReason: string | null;
}

export interface CreatedToken extends TokenView {
  /** The secret: shown this once, never again. */
  token: string;
}

/** Every scope of a token, the notifications scope (its own column) included: what the route guard checks. */
function scopesOf(r: { scopes: string[]; scope_notifications: boolean }): string[] {
  return r.scope_notifications && !r.scopes.includes(NOTIFICATIONS_SUBMIT_SCOPE) ? [...r.scopes, NOTIFICATIONS_SUBMIT_SCOPE] : r.scopes;
}

function view(r: { id: string; name: string; token_prefix: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null; scopes: string[]; scope_notifications: boolean; last_used_from: string | null; revoked_reason: string | null }): TokenView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    scopes: scopesOf(r),
    notificationsScope: r.scope_notifications,
    lastUsedFrom: r.last_used_from,
    revokedReason: r.revoked_reason,
  };
}

export async function createPersonalAccessToken(ctx: ServiceContext, input: { name: string; expiresInDays?: number | null; scopes?: readonly string[] | null }, opts: { viaToken?: boolean } = {}): Promise<CreatedToken> {
  const user = requireUser(ctx);
  // A token cannot create tokens: a stolen token must not outlive its own revocation.
  if (opts.viaToken) throw new ForbiddenError('A personal access token cannot create tokens: sign in to make one');
  const scopes = [...new Set(input.scopes?.length ? input.scopes : ['read'])];
  const unknown = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new ValidationError([{ field: 'scopes', message: `Choose scopes from: ${TOKEN_SCOPES.join(', ')}` }]);
  if (!scopes.includes('read')) scopes.unshift('read');
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 100) throw new ValidationError([{ field: 'name', message: 'Give the token a name of up to 100 characters, so you can recognise it later' }]);
  const days = input.expiresInDays ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_LIFETIME_DAYS) {
    throw new ValidationError([{ field: 'expiresInDays', message: `A token lasts between 1 and ${MAX_TOKEN_LIFETIME_DAYS} days` }]);
  }
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const row = await inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('personal_access_tokens')
      .values({
        user_id: user.id,
        name,
        token_hash: sha256Hex(token),
        token_prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        scopes,
        granted_role: user.role,
        granted_org_admin: user.isOrgAdmin,
        created_at: ctx.clock.now(),
        expires_at: new Date(ctx.clock.now().getTime() + days * 86_400_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'API_TOKEN_CREATED', subjectType: 'user', subjectId: user.id, after: { tokenId: row.id, name, expiresAt: row.expires_at, scopes } });
    return row;
  });
  return { ...view(row), token };
}

export async function listPersonalAccessTokens(ctx: ServiceContext): Promise<TokenView[]> {
  const user = requireUser(ctx);
  const rows = await ctx.db.selectFrom('personal_access_tokens').selectAll().where('user_id', '=', user.id).orderBy('created_at', 'desc').execute();
  return rows.map(view);
}

export async function revokePersonalAccessToken(ctx: ServiceContext, tokenId: string): Promise<TokenView> {
  const user = requireUser(ctx);
  if (!isUuid(tokenId)) throw new NotFoundError('No token found');
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('personal_access_tokens').selectAll().where('id', '=', tokenId).where('user_id', '=', user.id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError('No token found');
    const updated = row.revoked_at
      ? row
      : await trx.updateTable('personal_access_tokens').set({ revoked_at: ctx.clock.now() }).where('id', '=', tokenId).returningAll().executeTakeFirstOrThrow();
    if (!row.revoked_at) await trx.updateTable('personal_access_tokens').set({ revoked_reason: 'revoked_by_user' }).where('id', '=', tokenId).execute();
    if (!row.revoked_at) await recordAudit(trx, ctx, { action: 'API_TOKEN_REVOKED', subjectType: 'user', subjectId: user.id, after: { tokenId } });
    return view(updated);
  });
}

/**
 * Every live token of a user dies at once: on a password reset, a removal or a change of role or
 * rights. Restoring the user later does not bring them back (they stay revoked, with the reason).
 */
export async function revokeAllPersonalAccessTokens(trx: Trx, ctx: Pick<ServiceContext, 'clock'>, userId: string, reason: 'password_reset' | 'removed' | 'role_changed'): Promise<number> {
  const rows = await trx.updateTable('personal_access_tokens').set({ revoked_at: ctx.clock.now(), revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
  return rows.length;
}

/** The user a bearer token acts as, and the token's scopes; null when it is unknown, expired, revoked or its user is not active. */
export async function authenticatePersonalAccessToken(ctx: Pick<ServiceContext, 'db' | 'clock'>, token: string, from: string | null = null): Promise<{ user: SignedInUser; scopes: string[] } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const now = ctx.clock.now();
  const row = await ctx.db.selectFrom('personal_access_tokens').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now.getTime())) return null;
  const user = await findUserById(ctx.db, row.user_id);
  if (!user || user.status !== 'active') return null;
  // A change of role or rights since the token was made kills it (and every other token of the user).
  if ((row.granted_role !== null && row.granted_role !== user.role) || (row.granted_org_admin !== null && row.granted_org_admin !== user.is_org_admin)) {
    await ctx.db.updateTable('personal_access_tokens').set({ revoked_at: now, revoked_reason: 'role_changed' }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    return null;
  }
  // Each use is recorded: when, and from where (written at most once a minute per token and address).
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_AFTER_MS || row.last_used_from !== from) {
    await ctx.db.updateTable('personal_access_tokens').set({ last_used_at: now, last_used_from: from }).where('id', '=', row.id).execute();
  }
  return { user: toSignedInUser(user), scopes: scopesOf(row) };
}
