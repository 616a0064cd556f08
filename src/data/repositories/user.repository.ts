/** Users, their sessions and their single-use tokens (invitations, password resets). */
import { sql } from 'kysely';
import type { Executor } from '../database.js';
import type { NewUser, Organisation, User, UserStatus, UserTokenPurpose } from '../tables/foundation.tables.js';

export type UserWithOrganisation = User & { organisation_name: string; organisation_kind: Organisation['kind'] };

function withOrganisation(db: Executor) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .selectAll('users')
    .select(['organisations.name as organisation_name', 'organisations.kind as organisation_kind']);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export async function findUserById(db: Executor, id: string): Promise<UserWithOrganisation | undefined> {
  if (!isUuid(id)) return undefined;
  return withOrganisation(db).where('users.id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserWithOrganisation | undefined> {
  return withOrganisation(db)
    .where(sql<string>`lower(users.email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function insertUser(db: Executor, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Executor,
  id: string,
  changes: Partial<Pick<User, 'name' | 'job_title' | 'status' | 'password_hash' | 'is_org_admin' | 'role' | 'last_signed_in_at'>>,
  now: Date,
): Promise<User> {
  return db.updateTable('users').set({ ...changes, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Locks the user row for the rest of the transaction (two admins acting at once see each other's change). */
export async function lockUser(db: Executor, id: string): Promise<User | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listOrganisationMembers(db: Executor, organisationId: string): Promise<User[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy(sql`case status when 'active' then 0 when 'invited' then 1 else 2 end`)
    .orderBy('name')
    .execute();
}

export async function countActiveOrgAdmins(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(db.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('is_org_admin', '=', true)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserFilter {
  text?: string | undefined;
  role?: string | undefined;
  status?: UserStatus | undefined;
  organisationId?: string | undefined;
}

export async function searchUsers(db: Executor, filter: UserFilter, page: { limit: number; offset: number }): Promise<{ rows: UserWithOrganisation[]; total: number }> {
  let q = db.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id');
  if (filter.text) {
    const like = `%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb(sql<string>`lower(users.name)`, 'like', like), eb(sql<string>`lower(users.email)`, 'like', like), eb(sql<string>`lower(organisations.name)`, 'like', like)]),
    );
  }
  if (filter.role) q = q.where('users.role', '=', filter.role);
  if (filter.status) q = q.where('users.status', '=', filter.status);
  if (filter.organisationId) q = q.where('users.organisation_id', '=', filter.organisationId);
  const total = await q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('users')
    .select(['organisations.name as organisation_name', 'organisations.kind as organisation_kind'])
    .orderBy('organisations.name')
    .orderBy('users.name')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

// Sessions ---------------------------------------------------------------------------------------

export interface SessionRow {
  session_id: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
  user: UserWithOrganisation;
}

export async function insertSession(db: Executor, s: { id: string; userId: string; csrfToken: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, last_seen_at: s.createdAt, expires_at: s.expiresAt })
    .execute();
}

export async function findLiveSession(db: Executor, id: string, now: Date): Promise<SessionRow | undefined> {
  const row = await withOrganisation(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select(['sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, csrf_token, expires_at, last_seen_at, ...user } = row;
  return { session_id, csrf_token, expires_at, last_seen_at, user };
}

export async function touchSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.deleteFrom('sessions').where('id', '=', id).returning('user_id').executeTakeFirst();
  return row?.user_id;
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Single-use tokens ------------------------------------------------------------------------------

export async function insertUserToken(db: Executor, t: { hash: string; userId: string; purpose: UserTokenPurpose; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('user_tokens')
    .values({ token_hash: t.hash, user_id: t.userId, purpose: t.purpose, created_at: t.createdAt, expires_at: t.expiresAt })
    .execute();
}

/** An unused, unexpired token of this purpose, locked for the rest of the transaction. */
export async function findUsableToken(db: Executor, hash: string, purpose: UserTokenPurpose, now: Date): Promise<{ token_hash: string; user_id: string } | undefined> {
  return db
    .selectFrom('user_tokens')
    .select(['token_hash', 'user_id'])
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
}

export async function markTokenUsed(db: Executor, hash: string, now: Date): Promise<void> {
  await db.updateTable('user_tokens').set({ used_at: now }).where('token_hash', '=', hash).execute();
}

/** Spends every outstanding token of a user (on removal, or when a newer link supersedes them). */
export async function revokeTokensOfUser(db: Executor, userId: string, now: Date, purpose?: UserTokenPurpose): Promise<void> {
  let q = db.updateTable('user_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null);
  if (purpose) q = q.where('purpose', '=', purpose);
  await q.execute();
}

export async function countRecentTokens(db: Executor, userId: string, purpose: UserTokenPurpose, since: Date): Promise<number> {
  const row = await db
    .selectFrom('user_tokens')
    .select(db.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Sign-in attempts -------------------------------------------------------------------------------

export async function recordSignInAttempt(db: Executor, a: { email: string; ip: string; succeeded: boolean; at: Date; deviceHash?: string | null }): Promise<void> {
  await db.insertInto('sign_in_attempts').values({ email: a.email.trim().toLowerCase(), ip: a.ip, succeeded: a.succeeded, attempted_at: a.at, device_hash: a.deviceHash ?? null }).execute();
}

export interface SignInFailureCounts {
  pairFailures: number;
  lastPairFailureAt: Date | null;
  sourceFailures: number;
  lastSourceFailureAt: Date | null;
  emailFailures: number;
  lastEmailFailureAt: Date | null;
  deviceFailures: number;
}

/**
 * Failed attempts, for the sign-in throttle: of this email from this address (since `pairSince` and
 * their last success there), from this address against any email and of this email from anywhere
 * (since `wideSince`; the email's since its last success), and of this email from this device.
 */
export async function countSignInFailures(db: Executor, q: { email: string; ip: string; deviceHash: string | null; pairSince: Date; wideSince: Date }): Promise<SignInFailureCounts> {
  const e = q.email.trim().toLowerCase();
  const { rows } = await sql<{ pair: number; pair_last: Date | null; source: number; source_last: Date | null; email: number; email_last: Date | null; device: number }>`
    with pair as (
      select attempted_at from sign_in_attempts a
       where lower(a.email) = ${e} and a.ip = ${q.ip} and not a.succeeded and a.attempted_at > ${q.pairSince}
         and a.attempted_at > coalesce((select max(attempted_at) from sign_in_attempts s where lower(s.email) = ${e} and s.ip = ${q.ip} and s.succeeded), '-infinity')
    ), source as (
      select attempted_at from sign_in_attempts a where a.ip = ${q.ip} and not a.succeeded and a.attempted_at > ${q.wideSince}
    ), email as (
      select attempted_at from sign_in_attempts a
       where lower(a.email) = ${e} and not a.succeeded and a.attempted_at > ${q.wideSince}
         and a.attempted_at > coalesce((select max(attempted_at) from sign_in_attempts s where lower(s.email) = ${e} and s.succeeded), '-infinity')
    )
    select
      (select count(*) from pair)::int as pair, (select max(attempted_at) from pair) as pair_last,
      (select count(*) from source)::int as source, (select max(attempted_at) from source) as source_last,
      (select count(*) from email)::int as email, (select max(attempted_at) from email) as email_last,
      (select count(*) from sign_in_attempts a
        where ${q.deviceHash}::text is not null and a.device_hash = ${q.deviceHash} and lower(a.email) = ${e} and not a.succeeded and a.attempted_at > ${q.pairSince})::int as device
  `.execute(db);
  const r = rows[0];
  return {
    pairFailures: r?.pair ?? 0,
    lastPairFailureAt: r?.pair_last ?? null,
    sourceFailures: r?.source ?? 0,
    lastSourceFailureAt: r?.source_last ?? null,
    emailFailures: r?.email ?? 0,
    lastEmailFailureAt: r?.email_last ?? null,
    deviceFailures: r?.device ?? 0,
  };
}

/** Is this device token one the user has signed in from before? */
export async function isKnownDevice(db: Executor, tokenHash: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('known_devices').select('user_id').where('token_hash', '=', tokenHash).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Remembers that the user signed in from this device. */
export async function rememberDevice(db: Executor, tokenHash: string, userId: string, at: Date): Promise<void> {
  await db
    .insertInto('known_devices')
    .values({ token_hash: tokenHash, user_id: userId, first_seen_at: at, last_seen_at: at })
    .onConflict((oc) => oc.columns(['token_hash', 'user_id']).doUpdateSet({ last_seen_at: at }))
    .execute();
}
