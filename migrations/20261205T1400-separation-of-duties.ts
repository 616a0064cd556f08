import { sql, type Kysely } from 'kysely';

/**
 * Issue 14: separation of duties and token lifecycle.
 *  - inspections.team_confirmed_by/_at: a team proposed by an inspector is confirmed by an
 *    inspection manager before the organisation is told (or unannounced fieldwork starts).
 *    Inspections planned before this change count as confirmed by whoever planned them.
 *  - personal_access_tokens: scopes (read, named write scopes), where a token was last used from,
 *    and why it was revoked (a password reset, a removal or a role change revokes every token).
 *    Tokens made before scopes existed keep what they could do (every scope). A token remembers the
 *    role and admin rights it was made under: when they change, the token dies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inspections add column team_confirmed_by uuid references users(id), add column team_confirmed_at timestamptz`.execute(db);
  await sql`update inspections set team_confirmed_by = created_by, team_confirmed_at = created_at`.execute(db);
  await sql`alter table personal_access_tokens add column scopes text[] not null default '{read}', add column last_used_from text, add column revoked_reason text, add column granted_role text, add column granted_org_admin boolean`.execute(db);
  await sql`update personal_access_tokens set scopes = '{read,inspections:write,reports:write,responses:write,enforcement:write,feedback:write}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table personal_access_tokens drop column if exists scopes, drop column if exists last_used_from, drop column if exists revoked_reason, drop column if exists granted_role, drop column if exists granted_org_admin`.execute(db);
  await sql`alter table inspections drop column if exists team_confirmed_by, drop column if exists team_confirmed_at`.execute(db);
}
