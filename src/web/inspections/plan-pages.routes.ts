/**
 * Planning pages. GET|POST /inspections/new (plan an inspection), GET|POST /inspections/:id/plan
 * (change the plan: scope, team, contacts, dates; kind and subject are fixed once planned).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CommissionedBy, ContactRole, InspectionKind, NoticeType, SubjectType, TeamRole } from '../../domain/inspection/inspection-model.js';
import { parseKeyQuestions } from '../../domain/vocabulary/key-questions.js';
import { NotFoundError, ValidationError, type FieldError } from '../../services/errors.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { createInspection, getInspection, updateInspectionPlan, type ContactInput, type PlanInput, type ScopeServiceInput, type TeamMemberInput } from '../../services/inspections/inspection-plan.service.js';
import { listRegulatorStaff, organisationCodes, organisationIdForCode, subjectForCode, userIdForEmail } from '../../services/inspections/plan-form.service.js';
import { findInspectionSubjects, SUBJECT_KINDS, type SubjectKind } from '../../services/inspections/subject-search.service.js';
import { subjectFinderPage } from './subject-finder.view-model.js';
import type { ServiceContext } from '../../services/context.js';
import { field } from '../forms.view-model.js';
import { dateParts, govukDate, parseForm } from '../form-validation.js';
import { z } from 'zod';
import { inspectionPath } from '../paths.js';
import { pageErrors, statusFor } from './page-errors.js';
import { CONTACT_SLOTS, emptyPlanForm, formFieldFor, planFormFrom, planPage, SCOPE_SLOTS, TEAM_SLOTS, type PlanForm } from './plan-form.view-model.js';

function many(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];
}

const planSchema = { body: { type: 'object', maxProperties: 200 } } as const;

/** The plan's dates, as GOV.UK date inputs checked at the edge (the service checks how they relate). */
const planDatesSchema = z.object({
  fieldworkStart: govukDate('fieldworkStart', 'Fieldwork start date', { required: 'Enter the date fieldwork starts' }),
  fieldworkEnd: govukDate('fieldworkEnd', 'Fieldwork end date', { required: 'Enter the date fieldwork ends' }),
  plannedNotificationDate: govukDate('plannedNotificationDate', 'Planned notification date', {}),
  caseListDueDate: govukDate('caseListDueDate', 'Case list due date', {}),
});
const PLAN_DATES = ['fieldworkStart', 'fieldworkEnd', 'plannedNotificationDate', 'caseListDueDate'];

export function readPlanForm(body: unknown): PlanForm {
  const f = (name: string) => field(body, name).trim();
  return {
    kind: f('kind'),
    noticeType: f('noticeType'),
    subjectType: f('subjectType'),
    subjectCode: f('subjectCode'),
    areaName: f('areaName'),
    leadCommissionerCode: f('leadCommissionerCode'),
    keyQuestions: parseKeyQuestions(many(body, 'keyQuestions')),
    partnerInspectorates: many(body, 'partnerInspectorates'),
    fieldworkStart: dateParts(body, 'fieldworkStart'),
    fieldworkEnd: dateParts(body, 'fieldworkEnd'),
    plannedNotificationDate: dateParts(body, 'plannedNotificationDate'),
    caseListRequest: f('caseListRequest'),
    caseListDueDate: dateParts(body, 'caseListDueDate'),
    scope: Array.from({ length: SCOPE_SLOTS }, (_, i) => ({
      serviceName: f(`scope-${i}-serviceName`),
      organisation: f(`scope-${i}-organisation`),
      commissionedBy: f(`scope-${i}-commissionedBy`) || 'nhs',
      recommendations: f(`scope-${i}-recommendations`),
      note: f(`scope-${i}-note`),
    })),
    team: Array.from({ length: TEAM_SLOTS }, (_, i) => ({ user: f(`team-${i}-user`), role: f(`team-${i}-role`) })),
    contacts: Array.from({ length: CONTACT_SLOTS }, (_, i) => ({ email: f(`contact-${i}-email`), name: f(`contact-${i}-name`), organisation: f(`contact-${i}-organisation`), role: f(`contact-${i}-role`) })),
  };
}

/**
 * The plan service's input from the form. Rows keep their slot numbers in error field names
 * (a blank slot between filled ones is skipped, so the service's index is mapped back).
 */
async function toPlanInput(ctx: ServiceContext, form: PlanForm): Promise<{ input: PlanInput; errors: FieldError[]; slot: { scope: number[]; team: number[]; contacts: number[] } }> {
  const dates = parseForm(planDatesSchema, form);
  const errors: FieldError[] = dates.ok ? [] : dates.errors;
  const iso = dates.ok ? dates.value : { fieldworkStart: '', fieldworkEnd: '', plannedNotificationDate: '', caseListDueDate: '' };
  const org = async (code: string, fieldId: string): Promise<string | null> => {
    if (!code) return null;
    const o = await organisationIdForCode(ctx, code);
    if (!o) errors.push({ field: fieldId, message: `No organisation has the code or ID ${code}` });
    return o?.id ?? null;
  };
  // Issue 13: the subject is found only among organisations of the level planned (location or provider).
  const subject = async (typed: string, type: SubjectType): Promise<string | null> => {
    if (!typed || (type !== 'location' && type !== 'provider')) return typed ? org(typed, 'subjectCode') : null;
    const found = await subjectForCode(ctx, typed, type);
    if (found.kind === 'found') return found.id;
    errors.push({ field: 'subjectCode', message: found.message });
    return null;
  };
  const slot = { scope: [] as number[], team: [] as number[], contacts: [] as number[] };
  const scopeServices: ScopeServiceInput[] = [];
  for (const [i, s] of form.scope.entries()) {
    if (!s.serviceName && !s.organisation && !s.note) continue;
    slot.scope.push(i);
    scopeServices.push({
      serviceName: s.serviceName,
      organisationId: await org(s.organisation, `scope-${i}-organisation`),
      commissionedBy: s.commissionedBy as CommissionedBy,
      ...(s.recommendations ? { recommendationsAllowed: s.recommendations === 'yes' } : {}),
      ...(s.note ? { recommendationsNote: s.note } : {}),
    });
  }
  const team: TeamMemberInput[] = [];
  for (const [i, t] of form.team.entries()) {
    if (!t.user && !t.role) continue;
    if (!t.user) errors.push({ field: `team-${i}-user`, message: 'Choose the person for this team role' });
    if (!t.role) errors.push({ field: `team-${i}-role`, message: 'Choose the person’s role on the team' });
    slot.team.push(i);
    team.push({ userId: t.user, role: t.role as TeamRole });
  }
  const contacts: ContactInput[] = [];
  for (const [i, c] of form.contacts.entries()) {
    if (!c.email && !c.name && !c.organisation && !c.role) continue;
    if (!c.role) errors.push({ field: `contact-${i}-role`, message: 'Choose the contact’s role' });
    slot.contacts.push(i);
    const userId = await userIdForEmail(ctx, c.email);
    contacts.push(userId ? { userId, role: c.role as ContactRole } : { name: c.name, email: c.email, organisationId: await org(c.organisation, `contact-${i}-organisation`), role: c.role as ContactRole });
  }
  const subjectType = form.subjectType as SubjectType;
  const input: PlanInput = {
    kind: form.kind as InspectionKind,
    noticeType: form.noticeType as NoticeType,
    subject:
      subjectType === 'area'
        ? { type: 'area', areaName: form.areaName, leadCommissionerId: await org(form.leadCommissionerCode, 'leadCommissionerCode') }
        : { type: subjectType, organisationId: await subject(form.subjectCode, subjectType) },
    keyQuestions: parseKeyQuestions(form.keyQuestions),
    partnerInspectorates: form.partnerInspectorates,
    fieldworkStart: iso.fieldworkStart,
    fieldworkEnd: iso.fieldworkEnd,
    plannedNotificationDate: iso.plannedNotificationDate || null,
    caseListRequest: form.caseListRequest || null,
    caseListDueDate: iso.caseListDueDate || null,
    scopeServices,
    team,
    contacts,
  };
  return { input, errors, slot };
}

/** Service field names back to this form's slots. */
function mapErrors(errors: FieldError[], slot: { scope: number[]; team: number[]; contacts: number[] }): FieldError[] {
  return errors.map((e) => {
    const renumbered = e.field
      .replace(/^scopeServices\[(\d+)\]/, (_, n: string) => `scopeServices[${slot.scope[Number(n)] ?? n}]`)
      .replace(/^team\[(\d+)\]/, (_, n: string) => `team[${slot.team[Number(n)] ?? n}]`)
      .replace(/^contacts\[(\d+)\]/, (_, n: string) => `contacts[${slot.contacts[Number(n)] ?? n}]`);
    const f = formFieldFor(renumbered);
    // A service refusal of a whole date (fieldworkEnd) is shown at its day, where the summary links.
    return { ...e, field: PLAN_DATES.includes(f) ? `${f}-day` : f };
  });
}

export async function planPageRoutes(app: FastifyInstance): Promise<void> {
  const show = async (request: FastifyRequest, reply: FastifyReply, form: PlanForm, opts: { detail?: InspectionDetail; errors?: FieldError[]; status?: number } = {}) => {
    const staff = await listRegulatorStaff(request.serviceContext());
    return reply.code(opts.status ?? 200).view('inspections/views/plan.njk', planPage(form, staff, opts));
  };
  const requirePlanner = (request: FastifyRequest) => {
    const user = request.signedInUser();
    if (!user) return;
    if (!['inspector', 'inspection_manager', 'administrator'].includes(user.role)) throw new NotFoundError();
  };

  app.get('/inspections/new', async (request, reply) => {
    requirePlanner(request);
    // Chosen on the finder page: the subject arrives in the query.
    const q = request.query as Record<string, unknown>;
    const form = emptyPlanForm();
    if (typeof q['subjectType'] === 'string' && ['location', 'provider'].includes(q['subjectType'])) form.subjectType = q['subjectType'];
    if (typeof q['subjectCode'] === 'string') form.subjectCode = q['subjectCode'].trim().slice(0, 100);
    return show(request, reply, form);
  });

  app.get('/inspections/new/find-subject', async (request, reply) => {
    requirePlanner(request);
    const query = request.query as Record<string, unknown>;
    const q = typeof query['q'] === 'string' ? query['q'].slice(0, 100) : '';
    const kind = typeof query['type'] === 'string' && (SUBJECT_KINDS as readonly string[]).includes(query['type']) ? (query['type'] as SubjectKind) : null;
    const page = Math.min(500, Math.max(1, Number.parseInt(typeof query['page'] === 'string' ? query['page'] : '1', 10) || 1));
    const result = await findInspectionSubjects(request.serviceContext(), q, kind, page);
    return reply.view('inspections/views/find-subject.njk', subjectFinderPage(q, kind, page, result));
  });

  app.post('/inspections/new', { schema: planSchema }, async (request, reply) => {
    requirePlanner(request);
    const ctx = request.serviceContext();
    const form = readPlanForm(request.body);
    const { input, errors, slot } = await toPlanInput(ctx, form);
    try {
      if (!form.kind) errors.push({ field: 'kind', message: 'Choose the kind of inspection' });
      if (!form.noticeType) errors.push({ field: 'noticeType', message: 'Choose the notice type' });
      if (!form.subjectType) errors.push({ field: 'subjectType', message: 'Choose what is inspected' });
      if (errors.length) throw new ValidationError(errors);
      const created = await createInspection(ctx, input);
      return reply.redirect(`${inspectionPath(created.id)}?notice=planned`, 303);
    } catch (e) {
      return show(request, reply, form, { errors: mapErrors(pageErrors(e, 'kind'), slot), status: statusFor(e) });
    }
  });

  const editable = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const detail = await getInspection(request.serviceContext(), id);
    if (!detail.you.canEditPlan) throw new NotFoundError();
    return detail;
  };

  app.get('/inspections/:id/plan', async (request, reply) => {
    const detail = await editable(request);
    const ctx = request.serviceContext();
    const codes = await organisationCodes(ctx, [detail.subject.organisation?.id ?? '', detail.subject.leadCommissioner?.id ?? '', ...detail.scopeServices.map((s) => s.organisation?.id ?? ''), ...detail.contacts.map((c) => c.organisation.id)]);
    return show(request, reply, planFormFrom(detail, codes), { detail });
  });

  app.post('/inspections/:id/plan', { schema: planSchema }, async (request, reply) => {
    const detail = await editable(request);
    const ctx = request.serviceContext();
    const form = { ...readPlanForm(request.body), kind: detail.kind, subjectType: detail.subject.type };
    // Kind and subject are fixed: only what PATCH may change is read.
    const { input, errors, slot } = await toPlanInput(ctx, { ...form, subjectCode: '', leadCommissionerCode: '' });
    const version = Number(field(request.body, 'version'));
    try {
      if (errors.length) throw new ValidationError(errors);
      const { kind: _kind, subject: _subject, ...changes } = input;
      void _kind;
      void _subject;
      await updateInspectionPlan(ctx, detail.id, { ...changes, ...(Number.isInteger(version) && version > 0 ? { version } : {}) });
    } catch (e) {
      return show(request, reply, form, { detail, errors: mapErrors(pageErrors(e, 'fieldworkStart'), slot), status: statusFor(e) });
    }
    return reply.redirect(`${inspectionPath(detail.id)}?notice=plan-saved`, 303);
  });
}
