/** What a person may see of an organisation: its details, locations, commissioning links and people. */
import type { Organisation, User } from '../data/tables/foundation.tables.js';
import type { PatientParticipationGroup } from '../data/tables/people.tables.js';
import {
  findOrganisationById,
  listChildOrganisations,
  listCommissionedServices,
  listCommissioners,
} from '../data/repositories/organisation.repository.js';
import { countActiveOrgAdmins, listOrganisationMembers } from '../data/repositories/user.repository.js';
import { requireUser } from './authorisation.js';
import { isRegulatorRole } from '../domain/vocabulary/roles.js';
import type { ServiceContext } from './context.js';
import { NotFoundError } from './errors.js';
import { COMPLIANCE_DECISION_TEXT } from '../domain/enforcement/compliance.js';
import { ENFORCEMENT_STATE_LABELS, kindName, type EnforcementActionKind, type EnforcementState } from '../domain/fieldwork/enforcement-workflow.js';
import { mayOpenEnforcementAction } from './fieldwork/fieldwork-read.service.js';

/** An enforcement action against the organisation (or one of its locations), as its own people and the regulator see it. */
export interface OrganisationEnforcement {
  id: string;
  inspectionId: string;
  /** The viewer may open the action's page (regulator staff off the inspection's team may not). */
  mayOpen: boolean;
  kindName: string;
  against: string;
  stateLabel: string;
  issuedOn: string | null;
  complyBy: string | null;
  decisionText: string | null;
}
import { canManagePeople, canViewOrganisation } from './users.service.js';

export interface OrganisationView {
  organisation: Organisation;
  parent: Organisation | undefined;
  locations: Organisation[];
  commissionedServices: (Organisation & { note: string | null })[];
  commissioners: Organisation[];
  patientParticipationGroups: PatientParticipationGroup[];
  members: User[];
  activeAdmins: number;
  /** The viewer may invite, remove and restore people and appoint admins. */
  canManage: boolean;
  /** The viewer belongs to this organisation. */
  isOwnOrganisation: boolean;
  /** Enforcement against it and its locations, with the dates to comply by: for its own people and regulator staff only. */
  enforcement: OrganisationEnforcement[] | null;
}

/** Regulator staff may view any organisation; others only their own (and its locations). Anyone else: not found. */
export async function getOrganisationView(ctx: ServiceContext, organisationId: string): Promise<OrganisationView> {
  const viewer = requireUser(ctx);
  const organisation = await findOrganisationById(ctx.db, organisationId);
  if (!organisation || !canViewOrganisation(ctx, organisation)) throw new NotFoundError();
  const [parent, locations, commissionedServices, commissioners, members, activeAdmins] = await Promise.all([
    organisation.parent_id ? findOrganisationById(ctx.db, organisation.parent_id) : Promise.resolve(undefined),
    listChildOrganisations(ctx.db, organisation.id),
    listCommissionedServices(ctx.db, organisation.id),
    listCommissioners(ctx.db, organisation.id),
    listOrganisationMembers(ctx.db, organisation.id),
    countActiveOrgAdmins(ctx.db, organisation.id),
  ]);
  // A practice's patient participation group shows on the practice's provider and location alike.
  const related = [organisation.id, ...(organisation.parent_id ? [organisation.parent_id] : []), ...locations.map((l) => l.id)];
  const patientParticipationGroups = await ctx.db.selectFrom('patient_participation_groups').selectAll().where('organisation_id', 'in', related).orderBy('name').execute();
  const isOwnOrganisation = viewer.organisationId === organisation.id;
  const seesEnforcement = isOwnOrganisation || viewer.organisationId === organisation.parent_id || isRegulatorRole(viewer.role);
  return {
    organisation,
    parent,
    locations,
    commissionedServices,
    commissioners,
    patientParticipationGroups,
    // People are listed to colleagues and to regulator staff.
    members: isOwnOrganisation || isRegulatorRole(viewer.role) ? members : [],
    activeAdmins,
    canManage: canManagePeople(ctx, organisation),
    isOwnOrganisation,
    enforcement: seesEnforcement ? await enforcementAgainst(ctx, [organisation.id, ...locations.map((l) => l.id)]) : null,
  };
}

/** Issued (never draft) enforcement actions against these organisations, newest first. */
async function enforcementAgainst(ctx: ServiceContext, organisationIds: string[]): Promise<OrganisationEnforcement[]> {
  const rows = await ctx.db
    .selectFrom('enforcement_actions as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.inspection_id', 'a.organisation_id', 'a.kind', 'a.state', 'a.issued_on', 'a.compliance_date', 'a.compliance_decision', 'o.name'])
    .where('a.organisation_id', 'in', organisationIds)
    .where('a.state', '<>', 'draft')
    .orderBy('a.issued_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .limit(200)
    .execute();
  const mayOpen = await Promise.all(rows.map((r) => mayOpenEnforcementAction(ctx, r)));
  return rows.map((r, i) => ({
    id: r.id,
    inspectionId: r.inspection_id,
    mayOpen: mayOpen[i]!,
    kindName: kindName(r.kind as EnforcementActionKind),
    against: r.name,
    stateLabel: ENFORCEMENT_STATE_LABELS[r.state as EnforcementState] ?? r.state,
    issuedOn: r.issued_on,
    complyBy: r.compliance_date,
    decisionText: r.compliance_decision ? COMPLIANCE_DECISION_TEXT[r.compliance_decision] : null,
  }));
}

/** The signed-in person's own organisation. */
export async function getMyOrganisationView(ctx: ServiceContext): Promise<OrganisationView> {
  const viewer = requireUser(ctx);
  return getOrganisationView(ctx, viewer.organisationId);
}
