/**
 * Helpers the demo parts share: find-or-create organisations without disturbing what a
 * real data source (the register import) already holds, with an audit row for each change.
 */
import type { Trx } from '../../data/database.js';
import { findOrganisationByExternalIds, upsertOrganisation, type OrganisationInput } from '../../data/repositories/organisation.repository.js';
import type { Organisation, OrganisationUpdate } from '../../data/tables/foundation.tables.js';
import { recordAudit } from '../audit.service.js';
import type { ServiceContext } from '../context.js';

export interface DemoCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export function emptyCounts(): DemoCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

export function countsLine(label: string, c: DemoCounts): string {
  return `${label}: ${c.created} added, ${c.updated} updated, ${c.unchanged} already there`;
}

/**
 * The organisation with these external ids (or, with none, of this kind and name), created
 * when missing. An existing record only has its blank fields filled: the register's data wins.
 */
export async function ensureOrganisation(trx: Trx, ctx: ServiceContext, input: OrganisationInput, counts: DemoCounts): Promise<Organisation> {
  const hasExternalId = Boolean(input.cqc_location_id || input.cqc_provider_id || input.ods_code || input.minted_id);
  const existing = hasExternalId
    ? await findOrganisationByExternalIds(trx, input.kind, { cqcLocationId: input.cqc_location_id, cqcProviderId: input.cqc_provider_id, odsCode: input.ods_code, mintedId: input.minted_id })
    : await trx.selectFrom('organisations').selectAll().where('kind', '=', input.kind).where('name', '=', input.name).executeTakeFirst();
  if (!existing) {
    const { organisation } = await upsertOrganisation(trx, input);
    await recordAudit(trx, ctx, { action: 'ORGANISATION_CREATED', subjectType: 'organisation', subjectId: organisation.id, after: organisation });
    counts.created++;
    return organisation;
  }
  const fill: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if ((existing as Record<string, unknown>)[key] === null) fill[key] = value;
  }
  if (Object.keys(fill).length === 0) {
    counts.unchanged++;
    return existing;
  }
  const updated = await trx
    .updateTable('organisations')
    .set({ ...(fill as OrganisationUpdate), updated_at: ctx.clock.now() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const before = Object.fromEntries(Object.keys(fill).map((k) => [k, null]));
  await recordAudit(trx, ctx, { action: 'ORGANISATION_UPDATED', subjectType: 'organisation', subjectId: existing.id, before, after: fill });
  counts.updated++;
  return updated;
}
