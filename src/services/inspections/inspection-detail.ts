/** The inspection as both sides see it: plain data for the API and the pages. */
import type { Executor } from '../../data/database.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { availableEvents, STATE_LABELS, type InspectionEvent, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { INSPECTION_KIND_LABELS, NOTICE_TYPE_LABELS, TEAM_ROLES, type ContactRole, type InspectionKind, type NoticeType, type TeamRole } from '../../domain/inspection/inspection-model.js';
import { parseKeyQuestions, type KeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { mayOnInspection } from '../access.js';
import type { InspectionAccess } from './inspection-access.js';

export interface OrganisationRef {
  id: string;
  name: string;
  kind: string;
}

export interface InspectionSummary {
  id: string;
  reference: string;
  kind: InspectionKind;
  kindLabel: string;
  state: InspectionState;
  stateLabel: string;
  noticeType: NoticeType;
  noticeTypeLabel: string;
  subjectName: string;
  fieldworkStart: string;
  fieldworkEnd: string;
}

export interface InspectionDetail extends InspectionSummary {
  version: number;
  subject: { type: string; organisation: OrganisationRef | null; areaName: string | null; leadCommissioner: OrganisationRef | null };
  partnerInspectorates: string[];
  keyQuestions: KeyQuestion[];
  plannedNotificationDate: string | null;
  notifiedAt: string | null;
  fieldworkStartedAt: string | null;
  cancelledReason: string | null;
  caseListRequest: string | null;
  caseListDueDate: string | null;
  programmeAgreedAt: string | null;
  scopeServices: {
    id: string;
    serviceName: string;
    organisation: OrganisationRef | null;
    commissionedBy: string;
    recommendationsAllowed: boolean;
    recommendationsNote: string | null;
  }[];
  team: { userId: string; name: string; role: TeamRole }[];
  contacts: { id: string; organisation: OrganisationRef; userId: string | null; name: string; email: string; role: ContactRole }[];
  you: {
    side: 'regulator' | 'organisation';
    teamRole: TeamRole | null;
    canEditPlan: boolean;
    availableEvents: InspectionEvent[];
    /** Regulator side: false while the team an inspector proposed waits for an inspection manager. */
    teamConfirmed: boolean;
    /** An inspection manager may confirm the waiting team. */
    canConfirmTeam: boolean;
    /** An enforcement officer who is not on the team: sees this inspection's enforcement pages only. */
    enforcementOnly: boolean;
    /** Organisation side (issue 15): whether it leads the response, its own organisations, and the services in scope it runs or commissions. */
    participant?: { isLead: boolean; organisationIds: string[]; services: string[] };
  };
}

async function orgRefs(db: Executor, ids: (string | null)[]): Promise<Map<string, OrganisationRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function subjectNames(db: Executor, rows: readonly InspectionRow[]): Promise<Map<string, string>> {
  const orgs = await orgRefs(db, rows.map((r) => r.subject_organisation_id));
  return new Map(rows.map((r) => [r.id, r.subject_type === 'area' ? `${r.area_name} area` : (orgs.get(r.subject_organisation_id ?? '')?.name ?? 'Unknown')]));
}

export function toSummary(r: InspectionRow, subjectName: string): InspectionSummary {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind as InspectionKind,
    kindLabel: INSPECTION_KIND_LABELS[r.kind as InspectionKind],
    state: r.state as InspectionState,
    stateLabel: STATE_LABELS[r.state as InspectionState],
    noticeType: r.notice_type as NoticeType,
    noticeTypeLabel: NOTICE_TYPE_LABELS[r.notice_type as NoticeType],
    subjectName,
    fieldworkStart: r.fieldwork_start,
    fieldworkEnd: r.fieldwork_end,
  };
}

export async function loadInspectionDetail(db: Executor, access: InspectionAccess): Promise<InspectionDetail> {
  const r = access.inspection;
  const scope = await db.selectFrom('inspection_scope_services').selectAll().where('inspection_id', '=', r.id).orderBy('position').execute();
  const team = await db
    .selectFrom('inspection_team as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.user_id', 't.role', 'u.name'])
    .where('t.inspection_id', '=', r.id)
    .orderBy('u.name')
    .execute();
  // Lead inspector first, then inspectors, advisers, experts, managers.
  team.sort((a, b) => TEAM_ROLES.indexOf(a.role as TeamRole) - TEAM_ROLES.indexOf(b.role as TeamRole));
  const contacts = await db.selectFrom('inspection_contacts').selectAll().where('inspection_id', '=', r.id).orderBy('position').execute();
  const orgs = await orgRefs(db, [r.subject_organisation_id, r.lead_commissioner_id, ...scope.map((s) => s.organisation_id), ...contacts.map((c) => c.organisation_id)]);
  const ref = (id: string | null) => (id ? (orgs.get(id) ?? null) : null);
  const names = await subjectNames(db, [r]);
  const canEditPlan = access.side === 'regulator' && (access.isManager || access.teamRole === 'lead_inspector' || access.teamRole === 'inspection_manager');
  const events =
    access.side === 'regulator'
      ? availableEvents(r.state as InspectionState, {
          noticeType: r.notice_type as NoticeType,
          hasFieldworkDates: true,
          contactCount: contacts.length,
          reason: 'any',
          teamConfirmed: r.team_confirmed_at !== null,
          actor: { role: access.user.role, teamRole: access.teamRole },
        })
      : [];
  return {
    ...toSummary(r, names.get(r.id) ?? ''),
    version: r.version,
    subject: { type: r.subject_type, organisation: ref(r.subject_organisation_id), areaName: r.area_name, leadCommissioner: ref(r.lead_commissioner_id) },
    partnerInspectorates: r.partner_inspectorates,
    keyQuestions: parseKeyQuestions(r.key_questions),
    plannedNotificationDate: r.planned_notification_date,
    notifiedAt: r.notified_at?.toISOString() ?? null,
    fieldworkStartedAt: r.fieldwork_started_at?.toISOString() ?? null,
    cancelledReason: r.cancelled_reason,
    caseListRequest: r.case_list_request,
    caseListDueDate: r.case_list_due_date,
    programmeAgreedAt: r.programme_agreed_at?.toISOString() ?? null,
    scopeServices: scope.map((s) => ({
      id: s.id,
      serviceName: s.service_name,
      organisation: ref(s.organisation_id),
      commissionedBy: s.commissioned_by,
      recommendationsAllowed: s.recommendations_allowed,
      recommendationsNote: s.recommendations_note,
    })),
    team: team.map((t) => ({ userId: t.user_id, name: t.name, role: t.role as TeamRole })),
    contacts: contacts.map((c) => ({ id: c.id, organisation: ref(c.organisation_id) as OrganisationRef, userId: c.user_id, name: c.name, email: c.email, role: c.role as ContactRole })),
    you: { side: access.side, teamRole: access.teamRole, canEditPlan, availableEvents: events, teamConfirmed: r.team_confirmed_at !== null, canConfirmTeam: access.side === 'regulator' && r.team_confirmed_at === null && r.state === 'planned' && mayOnInspection(access, 'inspection.confirm_team'), enforcementOnly: access.side === 'regulator' && access.teamRole === null && !access.isManager && access.user.role === 'enforcement_officer', ...(access.side === 'organisation' ? { participant: { isLead: access.isLeadOrganisation, organisationIds: access.organisationIds, services: (access.services ?? []).map((x) => x.serviceName) } } : {}) },
  };
}
