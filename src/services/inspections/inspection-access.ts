/**
 * Who may see and change an inspection, checked on every call.
 *
 * Regulator: team members see their inspections; inspection managers and administrators see
 * all. Organisations: users of an organisation named on the inspection (subject, lead
 * commissioner, a service in scope, a contact; a provider's users act for its locations) see
 * it once they have been told of it: never while it is planned, so an unannounced inspection
 * stays invisible until fieldwork starts. Anyone else is told it does not exist.
 */
import { findInspection, findTeamRole, involvedOrganisationIds, organisationFamily, participationKinds, servicesConcerning } from '../../data/repositories/inspection.repository.js';
import { LEAD_PARTICIPATION, type ParticipationKind } from '../../domain/access/permissions.js';
import type { Executor } from '../../data/database.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { MANAGING_ROLES, visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { EDITING_TEAM_ROLES, type TeamRole } from '../../domain/inspection/inspection-model.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

export interface InspectionAccess {
  inspection: InspectionRow;
  user: SignedInUser;
  side: 'regulator' | 'organisation';
  /** Regulator side: the user's role on this inspection's team, if any. */
  teamRole: TeamRole | null;
  /** Inspection manager or administrator: acts on any inspection. */
  isManager: boolean;
  /** Organisation side: the user's organisation and its locations. */
  organisationIds: string[];
  /** Organisation side: true for the subject or lead commissioner, who coordinate the whole response. */
  isLeadOrganisation: boolean;
  /** Organisation side: how the user's organisation takes part (issue 15); empty for the regulator. */
  participation?: ParticipationKind[];
  /** Organisation side: the services in scope it runs or commissions, by the inspection's names. */
  services?: { id: string; serviceName: string; organisationId: string | null }[];
}

export const NOT_FOUND_MESSAGE = 'No inspection found';

export function isManagerRole(role: string): boolean {
  return (MANAGING_ROLES as readonly string[]).includes(role);
}

/** Loads the inspection for this user, or says it does not exist. */
export async function loadInspectionAccess(db: Executor, ctx: Pick<ServiceContext, 'actor'>, inspectionId: string, opts: { forUpdate?: boolean } = {}): Promise<InspectionAccess> {
  const user = requireUser(ctx);
  const inspection = await findInspection(db, inspectionId, opts);
  if (!inspection) throw new NotFoundError(NOT_FOUND_MESSAGE);
  if (isRegulatorRole(user.role)) {
    const teamRole = (await findTeamRole(db, inspection.id, user.id)) as TeamRole | null;
    const isManager = isManagerRole(user.role);
    if (!teamRole && !isManager) throw new NotFoundError(NOT_FOUND_MESSAGE);
    return { inspection, user, side: 'regulator', teamRole, isManager, organisationIds: [], isLeadOrganisation: false };
  }
  if (!visibleToOrganisation(inspection.state as InspectionState, inspection.notified_at)) throw new NotFoundError(NOT_FOUND_MESSAGE);
  const family = await organisationFamily(db, user.organisationId);
  const involved = await involvedOrganisationIds(db, inspection);
  if (!family.some((id) => involved.includes(id))) throw new NotFoundError(NOT_FOUND_MESSAGE);
  const participation = await participationKinds(db, inspection, family);
  const isLeadOrganisation = participation.some((p) => LEAD_PARTICIPATION.includes(p));
  const services = await servicesConcerning(db, inspection.id, family);
  return { inspection, user, side: 'organisation', teamRole: null, isManager: false, organisationIds: family, isLeadOrganisation, participation, services };
}

/**
 * Organisation side: does this part of the inspection concern the user's organisation? Its own
 * organisation's records, or a service in scope it runs or commissions (by id or by the
 * inspection's service name). The lead organisation and the regulator see every part.
 */
export function concernsParticipant(access: InspectionAccess, part: { organisationId?: string | null; serviceNames?: readonly string[] }): boolean {
  if (access.side === 'regulator') return true;
  return concernsOrganisation({ isLead: access.isLeadOrganisation, organisationIds: access.organisationIds, services: access.services ?? [] }, part);
}

/** The same rule for an organisation taking part, without a signed-in user (the daily summary, "due soon"). */
export function concernsOrganisation(who: { isLead: boolean; organisationIds: readonly string[]; services: readonly { serviceName: string; organisationId: string | null }[] }, part: { organisationId?: string | null; serviceNames?: readonly string[] }): boolean {
  if (who.isLead) return true;
  if (part.organisationId && who.organisationIds.includes(part.organisationId)) return true;
  const mine = who.services;
  if (part.organisationId && mine.some((s) => s.organisationId === part.organisationId)) return true;
  const names = new Set(mine.map((s) => s.serviceName.toLowerCase()));
  return (part.serviceNames ?? []).some((n) => names.has(n.toLowerCase()));
}

/** Regulator users who may change the record: editing team roles, managers, administrators. */
export function requireInspectorEditor(access: InspectionAccess, what = 'change this inspection'): void {
  if (access.side !== 'regulator') throw new ForbiddenError(`Only the inspection team can ${what}`);
  if (access.isManager) return;
  if (!access.teamRole || !EDITING_TEAM_ROLES.includes(access.teamRole)) {
    throw new ForbiddenError(`Only the lead inspector, inspectors on the team or an inspection manager can ${what}`);
  }
}

/** The plan itself (scope, team, contacts, dates): the lead inspector, managers, administrators. */
export function requireLeadOrManager(access: InspectionAccess, what = 'change the inspection plan'): void {
  if (access.side === 'regulator' && (access.isManager || access.teamRole === 'lead_inspector' || access.teamRole === 'inspection_manager')) return;
  throw new ForbiddenError(`Only the lead inspector or an inspection manager can ${what}`);
}

export function requireOrganisationSide(access: InspectionAccess, what: string): void {
  if (access.side !== 'organisation') throw new ForbiddenError(`Only the organisation being inspected can ${what}`);
}

/** Organisation side: may the user act for this organisation's part of the inspection? */
export function actsForOrganisation(access: InspectionAccess, organisationId: string): boolean {
  return access.side === 'regulator' || access.isLeadOrganisation || access.organisationIds.includes(organisationId);
}

/**
 * Only the team and managers see a planned inspection in any list (issue 14): an unannounced
 * inspection stays secret before fieldwork even from the regulator's other staff. Lists of
 * inspections offered anywhere (links, choices) pass through this.
 */
export async function withoutPlannedOfOthers<T extends { id: string; state: string }>(db: Executor, user: Pick<SignedInUser, 'id' | 'role'>, rows: T[]): Promise<T[]> {
  if (isManagerRole(user.role)) return rows;
  const planned = rows.filter((r) => r.state === 'planned').map((r) => r.id);
  if (!planned.length) return rows;
  const mine = await db.selectFrom('inspection_team').select('inspection_id').where('user_id', '=', user.id).where('inspection_id', 'in', planned).execute();
  const onTeam = new Set(mine.map((m) => m.inspection_id));
  return rows.filter((r) => r.state !== 'planned' || onTeam.has(r.id));
}
