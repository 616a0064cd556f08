/**
 * Who may act for which organisation in the provider portal: a provider's users act for the
 * provider and each of its locations; a location's users for that location. The regulator's
 * portal work (triage, requests, reviews) is for the roles the declared table names for each action
 * (src/domain/access/permissions.ts: notifications.*, rating_review.*, information_return.*).
 */
import type { Db, Trx } from '../../data/database.js';
import type { Action } from '../../domain/access/permissions.js';
import { requireAllowed } from '../access.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { NotFoundError } from '../errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PortalOrganisation {
  id: string;
  name: string;
  kind: string;
}

/** The organisations the user may act for: their own and, for a provider, its locations. */
export async function organisationsActedFor(db: Db | Trx, user: SignedInUser): Promise<PortalOrganisation[]> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind'])
    .where((eb) => eb.or([eb('id', '=', user.organisationId), eb('parent_id', '=', user.organisationId)]))
    .where('kind', 'in', ['provider', 'location'])
    .orderBy('kind', 'desc')
    .orderBy('name')
    .execute();
  return rows;
}

/** An organisation's user whose role the declared table allows this action; anyone else: "not found". */
export function requireOrganisationUser(ctx: Pick<ServiceContext, 'actor'>, action: Action): SignedInUser {
  const user = requireAllowed(ctx, action);
  if (isRegulatorRole(user.role)) throw new NotFoundError();
  return user;
}

/** One of the regulator's people whose role the declared table allows this action; anyone else: "not found". */
export function requireRegulator(ctx: Pick<ServiceContext, 'actor'>, action: Action): SignedInUser {
  const user = requireAllowed(ctx, action);
  if (!isRegulatorRole(user.role)) throw new NotFoundError();
  return user;
}

/** The organisation, when the signed-in organisation user may act for it; otherwise "not found". */
export async function requireActsFor(db: Db | Trx, user: SignedInUser, organisationId: string): Promise<PortalOrganisation> {
  if (!UUID.test(organisationId)) throw new NotFoundError();
  const org = (await organisationsActedFor(db, user)).find((o) => o.id === organisationId);
  if (!org) throw new NotFoundError();
  return org;
}

/** The organisation and its family (itself, its parent, its children): whose records count together. */
export async function organisationFamily(db: Db | Trx, organisationId: string): Promise<string[]> {
  const org = await db.selectFrom('organisations').select(['id', 'parent_id']).where('id', '=', organisationId).executeTakeFirst();
  if (!org) return [];
  const children = await db.selectFrom('organisations').select('id').where('parent_id', '=', organisationId).execute();
  return [org.id, ...(org.parent_id ? [org.parent_id] : []), ...children.map((c) => c.id)];
}
