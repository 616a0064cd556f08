/**
 * Organisations are identified by their external ids, so one real organisation is one
 * record everywhere (the register import, the demo world, inspections): a CQC location id,
 * a CQC provider id, an NHS ODS code (per kind), or an id Inspectorate minted itself.
 */
import { sql } from 'kysely';
import type { Executor } from '../database.js';
import type { NewOrganisation, Organisation, OrganisationKind, OrganisationUpdate } from '../tables/foundation.tables.js';

export interface ExternalIds {
  cqcLocationId?: string | null;
  cqcProviderId?: string | null;
  odsCode?: string | null;
  mintedId?: string | null;
}

export type OrganisationInput = Omit<NewOrganisation, 'id' | 'created_at' | 'updated_at' | 'minted_id'> & { minted_id?: string | null };

export async function findOrganisationById(db: Executor, id: string): Promise<Organisation | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The first match wins, in this order: CQC location id, CQC provider id, minted id, then an ODS code
 * of the same kind, but only when exactly one organisation of that kind has it (an ODS code is an
 * attribute several locations may share: docs/identifiers.md).
 */
export async function findOrganisationByExternalIds(db: Executor, kind: OrganisationKind, ids: ExternalIds): Promise<Organisation | undefined> {
  if (ids.cqcLocationId) {
    const row = await db.selectFrom('organisations').selectAll().where('cqc_location_id', '=', ids.cqcLocationId).executeTakeFirst();
    if (row) return row;
  }
  if (ids.cqcProviderId) {
    const row = await db.selectFrom('organisations').selectAll().where('cqc_provider_id', '=', ids.cqcProviderId).executeTakeFirst();
    if (row) return row;
  }
  if (ids.mintedId) {
    const row = await db.selectFrom('organisations').selectAll().where('minted_id', '=', ids.mintedId).executeTakeFirst();
    if (row) return row;
  }
  if (ids.odsCode) {
    const rows = await db.selectFrom('organisations').selectAll().where('kind', '=', kind).where('ods_code', '=', ids.odsCode).limit(2).execute();
    if (rows.length === 1) return rows[0];
  }
  return undefined;
}

const MINT_PREFIX: Record<OrganisationKind, string> = {
  regulator: 'REG',
  provider: 'PRV',
  location: 'LOC',
  commissioner: 'COM',
  local_authority: 'LAU',
};

/** Mints an id in Inspectorate's own namespace: `INS-<KIND>-<number>`, e.g. INS-COM-000012. Never collides with CQC ids (which start `1-` or are ODS codes). */
export async function mintOrganisationId(db: Executor, kind: OrganisationKind): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('organisation_minted_id_seq')::int as n`.execute(db);
  const n = rows[0]?.n ?? 0;
  return `INS-${MINT_PREFIX[kind]}-${String(n).padStart(6, '0')}`;
}

export interface UpsertResult {
  organisation: Organisation;
  created: boolean;
  /** Fields whose stored value changed (empty when nothing changed). */
  changedFields: string[];
}

/**
 * Creates the organisation, or updates the one that already has any of its external ids.
 * Only fields given a non-null value overwrite stored ones: a sparse source never blanks data.
 * With no external id at all, an id is minted.
 */
export async function upsertOrganisation(db: Executor, input: OrganisationInput): Promise<UpsertResult> {
  const existing = await findOrganisationByExternalIds(db, input.kind, {
    cqcLocationId: input.cqc_location_id ?? null,
    cqcProviderId: input.cqc_provider_id ?? null,
    odsCode: input.ods_code ?? null,
    mintedId: input.minted_id ?? null,
  });
  if (!existing) {
    const needsMint = !input.cqc_location_id && !input.cqc_provider_id && !input.ods_code && !input.minted_id;
    const minted_id = needsMint ? await mintOrganisationId(db, input.kind) : (input.minted_id ?? null);
    const organisation = await db.insertInto('organisations').values({ ...input, minted_id }).returningAll().executeTakeFirstOrThrow();
    return { organisation, created: true, changedFields: Object.keys(input) };
  }
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if ((existing as Record<string, unknown>)[key] !== value) changes[key] = value;
  }
  if (Object.keys(changes).length === 0) return { organisation: existing, created: false, changedFields: [] };
  const organisation = await db
    .updateTable('organisations')
    .set({ ...(changes as OrganisationUpdate), updated_at: new Date() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { organisation, created: false, changedFields: Object.keys(changes) };
}

export async function linkCommissioning(db: Executor, commissionerId: string, serviceId: string, note: string | null = null): Promise<boolean> {
  const result = await db
    .insertInto('commissioning')
    .values({ commissioner_id: commissionerId, service_id: serviceId, note })
    .onConflict((oc) => oc.columns(['commissioner_id', 'service_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Finds an organisation by any id a person might type: our uuid, a CQC location or provider id, a
 * minted id, a register location id, or an ODS code. An ODS code several organisations share
 * resolves to an organisation that is not a location first (an ICB, an NHS trust), then to the
 * registered location holding it (the newest registration first).
 */
export async function findOrganisationByAnyId(db: Executor, raw: string): Promise<Organisation | undefined> {
  const id = raw.trim();
  if (!id) return undefined;
  const byUuid = await findOrganisationById(db, id);
  if (byUuid) return byUuid;
  const upper = id.toUpperCase();
  const exact = await db
    .selectFrom('organisations')
    .selectAll()
    .where((eb) => eb.or([eb('cqc_location_id', '=', id), eb('cqc_provider_id', '=', id), eb('minted_id', '=', upper)]))
    .orderBy(sql`case kind when 'provider' then 0 else 1 end`)
    .executeTakeFirst();
  if (exact) return exact;
  return db
    .selectFrom('organisations as o')
    .leftJoin('register_locations as l', 'l.organisation_id', 'o.id')
    .selectAll('o')
    .where((eb) => eb.or([eb('o.ods_code', '=', upper), eb('l.location_id', '=', upper)]))
    .orderBy(sql`case when l.location_id = ${upper} then 0 else 1 end`)
    .orderBy(sql`case o.kind when 'provider' then 0 when 'commissioner' then 1 when 'local_authority' then 2 when 'regulator' then 3 else 4 end`)
    .orderBy(sql`case when l.registration_status = 'Registered' then 0 else 1 end`)
    .orderBy(sql`l.registration_date desc nulls last`)
    .executeTakeFirst();
}

export async function listChildOrganisations(db: Executor, parentId: string): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().where('parent_id', '=', parentId).orderBy('name').execute();
}

/** The services an organisation commissions, and who commissions a service. */
export async function listCommissionedServices(db: Executor, commissionerId: string): Promise<(Organisation & { note: string | null })[]> {
  return db
    .selectFrom('commissioning')
    .innerJoin('organisations', 'organisations.id', 'commissioning.service_id')
    .selectAll('organisations')
    .select('commissioning.note')
    .where('commissioning.commissioner_id', '=', commissionerId)
    .orderBy('organisations.name')
    .execute();
}

export async function listCommissioners(db: Executor, serviceId: string): Promise<Organisation[]> {
  return db
    .selectFrom('commissioning')
    .innerJoin('organisations', 'organisations.id', 'commissioning.commissioner_id')
    .selectAll('organisations')
    .where('commissioning.service_id', '=', serviceId)
    .orderBy('organisations.name')
    .execute();
}
