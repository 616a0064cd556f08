/**
 * Organisations for tests, by named trait. Every call makes a new, distinct organisation
 * (with a minted id) unless the regulator is asked for, of which there is one.
 */
import type { Db } from '../../src/data/database.js';
import { mintOrganisationId } from '../../src/data/repositories/organisation.repository.js';
import type { NewOrganisation, Organisation, OrganisationKind } from '../../src/data/tables/foundation.tables.js';

export const ORGANISATION_TRAITS = ['regulator', 'provider', 'location', 'commissioner', 'localAuthority'] as const;
export type OrganisationTrait = (typeof ORGANISATION_TRAITS)[number];

const KIND: Record<OrganisationTrait, OrganisationKind> = {
  regulator: 'regulator',
  provider: 'provider',
  location: 'location',
  commissioner: 'commissioner',
  localAuthority: 'local_authority',
};

let counter = 0;

const NAMES: Record<OrganisationTrait, (n: number) => string> = {
  regulator: () => 'Test Care Regulator',
  provider: (n) => `Riverside Health Partnership ${n}`,
  location: (n) => `Riverside Surgery ${n}`,
  commissioner: (n) => `NHS Riverside Integrated Care Board ${n}`,
  localAuthority: (n) => `Riverside Borough Council ${n}`,
};

export async function createOrganisation(db: Db, trait: OrganisationTrait = 'provider', overrides: Partial<NewOrganisation> = {}): Promise<Organisation> {
  if (trait === 'regulator' && Object.keys(overrides).length === 0) {
    const existing = await db.selectFrom('organisations').selectAll().where('kind', '=', 'regulator').where('name', '=', NAMES.regulator(0)).executeTakeFirst();
    if (existing) return existing;
  }
  const n = ++counter;
  const kind = KIND[trait];
  let parentId = overrides.parent_id ?? null;
  if (kind === 'location' && !parentId) parentId = (await createOrganisation(db, 'provider')).id;
  return db
    .insertInto('organisations')
    .values({
      kind,
      name: NAMES[trait](n),
      parent_id: parentId,
      minted_id: await mintOrganisationId(db, kind),
      address_line1: `${n} High Street`,
      town: 'Riverside',
      postcode: 'RV1 1AA',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
