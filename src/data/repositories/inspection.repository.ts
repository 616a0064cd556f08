/** Reads the inspection services share: load (optionally locked), team role, organisation involvement. */
import { sql } from 'kysely';
import type { Executor } from '../database.js';
import type { InspectionRow } from '../tables/inspections.tables.js';

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export async function findInspection(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<InspectionRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom('inspections').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findTeamRole(db: Executor, inspectionId: string, userId: string): Promise<string | null> {
  const row = await db.selectFrom('inspection_team').select('role').where('inspection_id', '=', inspectionId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role ?? null;
}

/** The organisation and its direct children (a provider's locations): a user of it acts for all of them. */
export async function organisationFamily(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('id').where((eb) => eb.or([eb('id', '=', organisationId), eb('parent_id', '=', organisationId)])).execute();
  return rows.map((r) => r.id);
}

/** Every organisation named on the inspection: subject, lead commissioner, services in scope, contacts. */
export async function involvedOrganisationIds(db: Executor, inspection: Pick<InspectionRow, 'id' | 'subject_organisation_id' | 'lead_commissioner_id'>): Promise<string[]> {
  const scope = await db.selectFrom('inspection_scope_services').select('organisation_id').where('inspection_id', '=', inspection.id).where('organisation_id', 'is not', null).execute();
  const contacts = await db.selectFrom('inspection_contacts').select('organisation_id').where('inspection_id', '=', inspection.id).execute();
  const declared = await db.selectFrom('inspection_participants').select('organisation_id').where('inspection_id', '=', inspection.id).execute();
  const ids = new Set<string>();
  for (const id of [inspection.subject_organisation_id, inspection.lead_commissioner_id, ...scope.map((s) => s.organisation_id), ...declared.map((d) => d.organisation_id), ...contacts.map((c) => c.organisation_id)]) {
    if (id) ids.add(id);
  }
  return [...ids];
}

/** Ids of inspections naming any of these organisations (for an organisation user's list). */
export async function inspectionIdsInvolving(db: Executor, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const ids = sql.join(organisationIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<{ id: string }>`
    select i.id from inspections i
    where i.subject_organisation_id in (${ids}) or i.lead_commissioner_id in (${ids})
       or exists (select 1 from inspection_scope_services s where s.inspection_id = i.id and s.organisation_id in (${ids}))
       or exists (select 1 from inspection_contacts c where c.inspection_id = i.id and c.organisation_id in (${ids}))
       or exists (select 1 from inspection_participants p where p.inspection_id = i.id and p.organisation_id in (${ids}))`.execute(db);
  return rows.map((r) => r.id);
}

export async function nextInspectionNumber(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select nextval('inspection_reference_seq')::int as n`.execute(db);
  return rows[0]?.n ?? 0;
}

/** How an organisation takes part (the same words as src/domain/access/permissions.ts PARTICIPATION_KINDS). */
export type ParticipationKindRow = 'subject' | 'lead_commissioner' | 'scope_provider' | 'scope_commissioner' | 'partner' | 'named_contact';

/**
 * How these organisations take part in the inspection: worked out from the plan (subject, lead
 * commissioner, provider of a service in scope, contact) and declared (inspection_participants, issue 15).
 */
export async function participationKinds(db: Executor, inspection: Pick<InspectionRow, 'id' | 'subject_organisation_id' | 'lead_commissioner_id'>, organisationIds: readonly string[]): Promise<ParticipationKindRow[]> {
  if (organisationIds.length === 0) return [];
  const kinds = new Set<ParticipationKindRow>();
  if (inspection.subject_organisation_id && organisationIds.includes(inspection.subject_organisation_id)) kinds.add('subject');
  if (inspection.lead_commissioner_id && organisationIds.includes(inspection.lead_commissioner_id)) kinds.add('lead_commissioner');
  const scope = await db.selectFrom('inspection_scope_services').select('organisation_id').where('inspection_id', '=', inspection.id).where('organisation_id', 'in', [...organisationIds]).executeTakeFirst();
  if (scope) kinds.add('scope_provider');
  const declared = await db.selectFrom('inspection_participants').select('capacity').where('inspection_id', '=', inspection.id).where('organisation_id', 'in', [...organisationIds]).execute();
  for (const d of declared) kinds.add(d.capacity);
  const contact = await db.selectFrom('inspection_contacts').select('organisation_id').where('inspection_id', '=', inspection.id).where('organisation_id', 'in', [...organisationIds]).executeTakeFirst();
  if (contact) kinds.add('named_contact');
  return [...kinds];
}

/**
 * The services in scope that concern these organisations: those they run (a provider's locations)
 * and those they commission (the commissioning register), by the name the inspection uses.
 */
export async function servicesConcerning(db: Executor, inspectionId: string, organisationIds: readonly string[]): Promise<{ id: string; serviceName: string; organisationId: string | null }[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('inspection_scope_services as s')
    .select(['s.id', 's.service_name', 's.organisation_id'])
    .where('s.inspection_id', '=', inspectionId)
    .where((eb) =>
      eb.or([
        eb('s.organisation_id', 'in', [...organisationIds]),
        eb('s.organisation_id', 'in', eb.selectFrom('commissioning').select('service_id').where('commissioner_id', 'in', [...organisationIds])),
      ]),
    )
    .orderBy('s.position')
    .execute();
  return rows.map((r) => ({ id: r.id, serviceName: r.service_name, organisationId: r.organisation_id }));
}
