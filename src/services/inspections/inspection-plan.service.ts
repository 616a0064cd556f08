/**
 * Planning an inspection: create it, change its plan (scope, team, contacts, dates), read it,
 * list the inspections a user may see, and its timeline. One transaction per use case, with
 * the audit row and the timeline event inside it.
 */
import { addWaitingReturnsToInspection } from '../provider-portal/information-returns.service.js';
import { inspectionIdsInvolving, nextInspectionNumber, organisationFamily } from '../../data/repositories/inspection.repository.js';
import type { Trx } from '../../data/database.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { TEAM_ROLE_LABELS, type CommissionedBy, type ContactRole, type InspectionKind, type NoticeType, type SubjectType, type TeamRole } from '../../domain/inspection/inspection-model.js';
import { inspectionScopeCode, KEY_QUESTIONS, parseKeyQuestions, type KeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { defaultRecommendations, validatePlan, type PlanFieldError } from '../../domain/inspection/inspection-plan.js';
import { recordAudit } from '../audit.service.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole, parseRole } from '../../domain/vocabulary/roles.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { isManagerRole, loadInspectionAccess, requireLeadOrManager } from './inspection-access.js';
import { allows, mayHoldTeamRole } from '../../domain/access/permissions.js';
import { mayOnInspection, requireOnInspection } from '../access.js';
import { loadInspectionDetail, subjectNames, toSummary, type InspectionDetail, type InspectionSummary } from './inspection-detail.js';
import { addTimelineEvent, bumpVersion, formatLongDate } from './inspection-events.js';
import { messageContacts } from './inspection-messages.js';
import { inspectionPath } from '../../domain/shared/app-paths.js';

export interface ScopeServiceInput {
  serviceName: string;
  organisationId?: string | null;
  commissionedBy: CommissionedBy;
  /** Defaults to false for local authority services (with the reason recorded), true otherwise. */
  recommendationsAllowed?: boolean;
  recommendationsNote?: string | null;
}

export interface TeamMemberInput {
  userId: string;
  role: TeamRole;
}

export interface ContactInput {
  /** A user of the organisation: name, email and organisation come from their account. */
  userId?: string | null;
  organisationId?: string | null;
  name?: string | null;
  email?: string | null;
  role: ContactRole;
}

export interface PlanInput {
  kind: InspectionKind;
  noticeType: NoticeType;
  subject: { type: SubjectType; organisationId?: string | null; areaName?: string | null; leadCommissionerId?: string | null };
  keyQuestions?: KeyQuestion[];
  partnerInspectorates?: string[];
  fieldworkStart: string;
  fieldworkEnd: string;
  plannedNotificationDate?: string | null;
  caseListRequest?: string | null;
  caseListDueDate?: string | null;
  scopeServices?: ScopeServiceInput[];
  team: TeamMemberInput[];
  contacts?: ContactInput[];
}

export type PlanChanges = Partial<Omit<PlanInput, 'kind' | 'subject'>> & { version?: number };


interface ResolvedPlan {
  input: PlanInput;
  scope: Required<Pick<ScopeServiceInput, 'serviceName' | 'commissionedBy'>> & { organisationId: string | null; recommendationsAllowed: boolean; recommendationsNote: string | null };
  contacts: { userId: string | null; organisationId: string; name: string; email: string; role: ContactRole }[];
}

async function orgKinds(trx: Trx, ids: (string | null | undefined)[]): Promise<Map<string, { kind: string; parent_id: string | null }>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x && /^[0-9a-f-]{36}$/i.test(x)))];
  if (!wanted.length) return new Map();
  const rows = await trx.selectFrom('organisations').select(['id', 'kind', 'parent_id']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Resolves ids, applies defaults and checks the whole plan; throws ValidationError listing every problem. */
async function resolvePlan(trx: Trx, input: PlanInput, participantIds: readonly string[] = []): Promise<{ plan: PlanInput; scope: ResolvedPlan['scope'][]; contacts: ResolvedPlan['contacts'] }> {
  const errors: PlanFieldError[] = [];
  const scopeIn = input.scopeServices ?? [];
  const contactsIn = input.contacts ?? [];
  // Any spelling of a key question is read as its id (callers holding the stored scope code "well_led" too).
  const keyQuestions = input.keyQuestions ? parseKeyQuestions(input.keyQuestions) : input.kind === 'comprehensive' ? [...KEY_QUESTIONS] : [];
  const plan: PlanInput = { ...input, keyQuestions, partnerInspectorates: input.partnerInspectorates ?? [], scopeServices: scopeIn, contacts: contactsIn };

  const orgs = await orgKinds(trx, [input.subject.organisationId, input.subject.leadCommissionerId, ...scopeIn.map((s) => s.organisationId), ...contactsIn.map((c) => c.organisationId)]);
  const kindOf = (id: string | null | undefined, field: string): string | null => {
    if (!id) return null;
    const o = orgs.get(id);
    if (!o) {
      errors.push({ field, message: `No organisation with id ${id}` });
      return null;
    }
    return o.kind;
  };

  const subjectKind = input.subject.type === 'area' ? null : kindOf(input.subject.organisationId, 'subject.organisationId');
  const leadKind = input.subject.type === 'area' ? kindOf(input.subject.leadCommissionerId, 'subject.leadCommissionerId') : null;

  const userIds = [...new Set([...input.team.map((t) => t.userId), ...contactsIn.map((c) => c.userId).filter((x): x is string => !!x)])].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const users = userIds.length
    ? await trx.selectFrom('users').select(['id', 'name', 'email', 'role', 'organisation_id', 'status']).where('id', 'in', userIds).execute()
    : [];
  const userById = new Map(users.map((u) => [u.id, u]));
  const team = input.team.map((t, i) => {
    const u = userById.get(t.userId);
    if (!u || u.status === 'removed') errors.push({ field: `team[${i}].userId`, message: `No active user with id ${t.userId}` });
    if (u && !mayHoldTeamRole(parseRole(u.role), t.role)) {
      errors.push({ field: `team[${i}].role`, message: t.role === 'inspection_manager' ? `${u.name} is not an inspection manager, so cannot be the team’s inspection manager` : `${u.name} cannot be ${TEAM_ROLE_LABELS[t.role].toLowerCase()} on the team` });
    }
    return { role: t.role, userIsRegulator: u ? isRegulatorRole(u.role) : true };
  });
  if (new Set(input.team.map((t) => t.userId)).size !== input.team.length) errors.push({ field: 'team', message: 'A person can be on the team only once' });

  const scope = scopeIn.map((s, i) => {
    if (s.organisationId) kindOf(s.organisationId, `scopeServices[${i}].organisationId`);
    const d = defaultRecommendations(s.commissionedBy);
    const allowed = s.recommendationsAllowed ?? d.allowed;
    return {
      serviceName: s.serviceName.trim(),
      organisationId: s.organisationId ?? null,
      commissionedBy: s.commissionedBy,
      recommendationsAllowed: allowed,
      recommendationsNote: s.recommendationsNote?.trim() || (allowed ? null : d.note),
    };
  });

  errors.push(
    ...validatePlan({
      kind: input.kind,
      subjectType: input.subject.type,
      subjectOrganisationKind: subjectKind,
      areaName: input.subject.areaName ?? null,
      leadCommissionerKind: leadKind,
      noticeType: input.noticeType,
      fieldworkStart: input.fieldworkStart,
      fieldworkEnd: input.fieldworkEnd,
      keyQuestions,
      partnerInspectorates: plan.partnerInspectorates ?? [],
      team,
      scopeServices: scope,
    }),
  );

  // Contacts belong to an organisation named on the inspection (or the provider of a location named on it).
  // Issue 15: and the organisations declared as taking part (the local authority, partners).
  const named = new Set([input.subject.organisationId, input.subject.leadCommissionerId, ...scope.map((s) => s.organisationId), ...participantIds].filter((x): x is string => !!x));
  for (const id of [...named]) {
    const parent = orgs.get(id)?.parent_id;
    if (parent) named.add(parent);
  }
  const contacts: ResolvedPlan['contacts'] = [];
  contactsIn.forEach((c, i) => {
    const u = c.userId ? userById.get(c.userId) : undefined;
    if (c.userId && (!u || u.status === 'removed')) {
      errors.push({ field: `contacts[${i}].userId`, message: `No active user with id ${c.userId}` });
      return;
    }
    if (u && isRegulatorRole(u.role)) {
      errors.push({ field: `contacts[${i}].userId`, message: 'Organisation contacts are people at the organisation, not the regulator' });
      return;
    }
    const organisationId = u?.organisation_id ?? c.organisationId ?? null;
    const name = (c.name?.trim() || u?.name) ?? '';
    const email = (c.email?.trim() || u?.email) ?? '';
    if (!organisationId) errors.push({ field: `contacts[${i}].organisationId`, message: 'Choose the organisation the contact works for' });
    else if (!named.has(organisationId)) {
      if (!u) kindOf(organisationId, `contacts[${i}].organisationId`);
      errors.push({ field: `contacts[${i}].organisationId`, message: `${name || 'The contact'} must work for an organisation named on the inspection` });
    }
    if (!name) errors.push({ field: `contacts[${i}].name`, message: 'Enter the contact’s name' });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push({ field: `contacts[${i}].email`, message: 'Enter the contact’s email address, like name@example.org' });
    if (organisationId) contacts.push({ userId: u?.id ?? null, organisationId, name, email, role: c.role });
  });

  if (errors.length) throw new ValidationError(errors);
  return { plan, scope, contacts };
}

async function writeScope(trx: Trx, inspectionId: string, scope: ResolvedPlan['scope'][]): Promise<void> {
  await trx.deleteFrom('inspection_scope_services').where('inspection_id', '=', inspectionId).execute();
  if (!scope.length) return;
  await trx
    .insertInto('inspection_scope_services')
    .values(
      scope.map((s, i) => ({
        inspection_id: inspectionId,
        organisation_id: s.organisationId,
        service_name: s.serviceName,
        commissioned_by: s.commissionedBy,
        recommendations_allowed: s.recommendationsAllowed,
        recommendations_note: s.recommendationsNote,
        position: i,
      })),
    )
    .execute();
}

async function writeTeam(trx: Trx, inspectionId: string, team: TeamMemberInput[]): Promise<void> {
  await trx.deleteFrom('inspection_team').where('inspection_id', '=', inspectionId).execute();
  await trx
    .insertInto('inspection_team')
    .values(team.map((t) => ({ inspection_id: inspectionId, user_id: t.userId, role: t.role })))
    .execute();
}

async function writeContacts(trx: Trx, inspectionId: string, contacts: ResolvedPlan['contacts']): Promise<void> {
  await trx.deleteFrom('inspection_contacts').where('inspection_id', '=', inspectionId).execute();
  if (!contacts.length) return;
  await trx
    .insertInto('inspection_contacts')
    .values(contacts.map((c, i) => ({ inspection_id: inspectionId, organisation_id: c.organisationId, user_id: c.userId, name: c.name, email: c.email, role: c.role, position: i })))
    .execute();
}

export async function createInspection(ctx: ServiceContext, input: PlanInput): Promise<InspectionDetail> {
  const user = requireUser(ctx);
  // Planning and choosing the lead is an inspection manager's act; an inspector may propose an
  // inspection only as its lead, and a manager confirms the team before the organisation is told.
  const plans = allows('inspection.plan', { role: user.role });
  if (!plans && !allows('inspection.propose_plan', { role: user.role })) throw new ForbiddenError('Only inspection managers (or inspectors, as its lead) can plan inspections');
  const leadError: PlanFieldError[] =
    !plans && !input.team.some((t) => t.userId === user.id && t.role === 'lead_inspector')
      ? [{ field: 'team', message: 'An inspector can plan an inspection only as its lead inspector: ask an inspection manager to plan it for someone else' }]
      : [];
  const team = input.team;
  const id = await inTransaction(ctx, async (trx) => {
    const { plan, scope, contacts } = await resolvePlan(trx, { ...input, team }).catch((e: unknown) => {
      throw e instanceof ValidationError && leadError.length ? new ValidationError([...e.fields, ...leadError]) : e;
    });
    if (leadError.length) throw new ValidationError(leadError);
    const n = await nextInspectionNumber(trx);
    const reference = `INS-${plan.fieldworkStart.slice(0, 4)}-${String(n).padStart(6, '0')}`;
    const row = await trx
      .insertInto('inspections')
      .values({
        reference,
        kind: plan.kind,
        subject_type: plan.subject.type,
        subject_organisation_id: plan.subject.type === 'area' ? null : (plan.subject.organisationId ?? null),
        area_name: plan.subject.type === 'area' ? (plan.subject.areaName?.trim() ?? null) : null,
        lead_commissioner_id: plan.subject.leadCommissionerId ?? null,
        partner_inspectorates: plan.partnerInspectorates ?? [],
        key_questions: (plan.keyQuestions ?? []).map(inspectionScopeCode),
        notice_type: plan.noticeType,
        fieldwork_start: plan.fieldworkStart,
        fieldwork_end: plan.fieldworkEnd,
        planned_notification_date: plan.plannedNotificationDate ?? null,
        case_list_request: plan.caseListRequest?.trim() || null,
        case_list_due_date: plan.caseListDueDate ?? null,
        created_by: user.id,
        team_confirmed_by: plans ? user.id : null,
        team_confirmed_at: plans ? ctx.clock.now() : null,
        created_at: ctx.clock.now(),
        updated_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeScope(trx, row.id, scope);
    await writeTeam(trx, row.id, plan.team);
    await writeContacts(trx, row.id, contacts);
    await addTimelineEvent(trx, ctx, row.id, { kind: 'planned', summary: `Inspection ${reference} planned`, visibleToOrganisation: false });
    // Issue 19: information returns submitted while no inspection was open are evidence of this one.
    const returnEvidence = row.subject_organisation_id ? await addWaitingReturnsToInspection(trx, row.id, row.subject_organisation_id, ctx.clock.now()) : [];
    await recordAudit(trx, ctx, { action: 'INSPECTION_PLANNED', subjectType: 'inspection', subjectId: row.id, after: { ...plan, reference, teamConfirmedBy: plans ? user.id : null, ...(returnEvidence.length ? { informationReturnEvidence: returnEvidence } : {}) } });
    return row.id;
  });
  return getInspection(ctx, id);
}

export async function getInspection(ctx: ServiceContext, inspectionId: string): Promise<InspectionDetail> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  return loadInspectionDetail(ctx.db, access);
}

export async function updateInspectionPlan(ctx: ServiceContext, inspectionId: string, changes: PlanChanges): Promise<InspectionDetail> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireLeadOrManager(access);
    const r = access.inspection;
    if (!['planned', 'notified', 'fieldwork'].includes(r.state)) throw new ConflictError(`The plan of an inspection that is ${r.state.replace(/_/g, ' ')} can no longer be changed`);
    const before = await currentPlan(trx, r);
    if (r.state !== 'planned' && changes.noticeType && changes.noticeType !== before.noticeType) {
      throw new ConflictError('The notice type cannot change once the organisation has been told of the inspection');
    }
    const merged: PlanInput = { ...before, ...stripUndefined(changes) } as PlanInput;
    const declared = (await trx.selectFrom('inspection_participants').select('organisation_id').where('inspection_id', '=', r.id).execute()).map((d) => d.organisation_id);
    const { plan, scope, contacts } = await resolvePlan(trx, merged, declared);
    await bumpVersion(trx, ctx, r.id, r.version, changes.version);
    await trx
      .updateTable('inspections')
      .set({
        key_questions: (plan.keyQuestions ?? []).map(inspectionScopeCode),
        partner_inspectorates: plan.partnerInspectorates ?? [],
        notice_type: plan.noticeType,
        fieldwork_start: plan.fieldworkStart,
        fieldwork_end: plan.fieldworkEnd,
        planned_notification_date: plan.plannedNotificationDate ?? null,
        case_list_request: plan.caseListRequest?.trim() || null,
        case_list_due_date: plan.caseListDueDate ?? null,
      })
      .where('id', '=', r.id)
      .execute();
    if (changes.scopeServices) await writeScope(trx, r.id, scope);
    if (changes.team) {
      const confirms = mayOnInspection(access, 'inspection.confirm_team');
      const lead = (t: TeamMemberInput[]) => t.find((m) => m.role === 'lead_inspector')?.userId ?? null;
      if (!confirms && lead(plan.team) !== lead(before.team)) throw new ForbiddenError('Only an inspection manager can choose the lead inspector');
      if (teamKey(plan.team) !== teamKey(before.team)) {
        await writeTeam(trx, r.id, plan.team);
        // A team changed by someone who may not confirm it waits for an inspection manager again.
        await trx.updateTable('inspections').set(confirms ? { team_confirmed_by: access.user.id, team_confirmed_at: ctx.clock.now() } : { team_confirmed_by: null, team_confirmed_at: null }).where('id', '=', r.id).execute();
      }
    }
    if (changes.contacts) await writeContacts(trx, r.id, contacts);
    const changed = Object.keys(stripUndefined(changes)).filter((k) => k !== 'version');
    const visible = visibleToOrganisation(r.state as InspectionState, r.notified_at);
    await addTimelineEvent(trx, ctx, r.id, { kind: 'plan_changed', summary: `Plan changed: ${changed.map(humanise).join(', ')}`, visibleToOrganisation: visible });
    // Once told of the inspection, the organisation hears at once when its dates move.
    if (visible && (plan.fieldworkStart !== before.fieldworkStart || plan.fieldworkEnd !== before.fieldworkEnd)) {
      await messageContacts(trx, ctx, r.id, {
        title: `Inspection ${r.reference}: fieldwork dates changed`,
        summary: `Fieldwork now runs from ${formatLongDate(plan.fieldworkStart)} to ${formatLongDate(plan.fieldworkEnd)}.`,
        link: inspectionPath(r.id),
      });
    }
    await recordAudit(trx, ctx, { action: 'INSPECTION_PLAN_CHANGED', subjectType: 'inspection', subjectId: r.id, before, after: plan });
  });
  return getInspection(ctx, inspectionId);
}

function teamKey(team: readonly TeamMemberInput[]): string {
  return team.map((t) => `${t.userId}:${t.role}`).sort().join(',');
}

/** An inspection manager confirms a team an inspector proposed (before notice or unannounced fieldwork). */
export async function confirmInspectionTeam(ctx: ServiceContext, inspectionId: string): Promise<InspectionDetail> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireOnInspection(access, 'inspection.confirm_team', 'confirm the inspection team');
    const r = access.inspection;
    if (r.team_confirmed_at) throw new ConflictError('The team is already confirmed', 'team_confirmed');
    if (r.state !== 'planned') throw new ConflictError('Only a planned inspection’s team waits for confirmation');
    const team = await trx.selectFrom('inspection_team').select(['user_id', 'role']).where('inspection_id', '=', r.id).execute();
    await trx.updateTable('inspections').set({ team_confirmed_by: access.user.id, team_confirmed_at: ctx.clock.now() }).where('id', '=', r.id).execute();
    await addTimelineEvent(trx, ctx, r.id, { kind: 'team_confirmed', summary: `Inspection team confirmed by ${access.user.name}`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'INSPECTION_TEAM_CONFIRMED', subjectType: 'inspection', subjectId: r.id, before: { teamConfirmedBy: null }, after: { teamConfirmedBy: access.user.id, team } });
  });
  return getInspection(ctx, inspectionId);
}

function humanise(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The stored plan in the shape of PlanInput, so a change can be merged and re-checked whole. */
async function currentPlan(trx: Trx, r: InspectionRow): Promise<PlanInput> {
  const scope = await trx.selectFrom('inspection_scope_services').selectAll().where('inspection_id', '=', r.id).orderBy('position').execute();
  const team = await trx.selectFrom('inspection_team').select(['user_id', 'role']).where('inspection_id', '=', r.id).execute();
  const contacts = await trx.selectFrom('inspection_contacts').selectAll().where('inspection_id', '=', r.id).orderBy('position').execute();
  return {
    kind: r.kind as InspectionKind,
    noticeType: r.notice_type as NoticeType,
    subject: { type: r.subject_type as SubjectType, organisationId: r.subject_organisation_id, areaName: r.area_name, leadCommissionerId: r.lead_commissioner_id },
    keyQuestions: parseKeyQuestions(r.key_questions),
    partnerInspectorates: r.partner_inspectorates,
    fieldworkStart: r.fieldwork_start,
    fieldworkEnd: r.fieldwork_end,
    plannedNotificationDate: r.planned_notification_date,
    caseListRequest: r.case_list_request,
    caseListDueDate: r.case_list_due_date,
    scopeServices: scope.map((s) => ({
      serviceName: s.service_name,
      organisationId: s.organisation_id,
      commissionedBy: s.commissioned_by as CommissionedBy,
      recommendationsAllowed: s.recommendations_allowed,
      recommendationsNote: s.recommendations_note,
    })),
    team: team.map((t) => ({ userId: t.user_id, role: t.role as TeamRole })),
    contacts: contacts.map((c) => ({ userId: c.user_id, organisationId: c.organisation_id, name: c.name, email: c.email, role: c.role as ContactRole })),
  };
}

export interface InspectionListFilter {
  state?: InspectionState | undefined;
}

/** The inspections this user may see, soonest fieldwork first. */
export async function listInspections(ctx: ServiceContext, filter: InspectionListFilter = {}): Promise<InspectionSummary[]> {
  const user = requireUser(ctx);
  let q = ctx.db.selectFrom('inspections').selectAll();
  if (isRegulatorRole(user.role)) {
    if (!isManagerRole(user.role)) q = q.where('id', 'in', (eb) => eb.selectFrom('inspection_team').select('inspection_id').where('user_id', '=', user.id));
  } else {
    const ids = await inspectionIdsInvolving(ctx.db, await organisationFamily(ctx.db, user.organisationId));
    if (!ids.length) return [];
    q = q.where('id', 'in', ids).where('state', '<>', 'planned').where((eb) => eb.or([eb('state', '<>', 'cancelled'), eb('notified_at', 'is not', null)]));
  }
  if (filter.state) q = q.where('state', '=', filter.state);
  const rows = await q.orderBy('fieldwork_start').orderBy('reference').limit(500).execute();
  const names = await subjectNames(ctx.db, rows);
  return rows.map((r) => toSummary(r, names.get(r.id) ?? ''));
}

export interface TimelineItem {
  occurredAt: string;
  kind: string;
  summary: string;
  actor: string;
}

/** What happened, oldest first. The organisation sees only what it was meant to see. */
export async function getTimeline(ctx: ServiceContext, inspectionId: string): Promise<TimelineItem[]> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  let q = ctx.db.selectFrom('inspection_events').selectAll().where('inspection_id', '=', inspectionId);
  if (access.side === 'organisation') q = q.where('visible_to_organisation', '=', true);
  const rows = await q.orderBy('occurred_at').orderBy('id').execute();
  return rows.map((e) => ({ occurredAt: e.occurred_at.toISOString(), kind: e.kind, summary: e.summary, actor: e.actor_label }));
}
