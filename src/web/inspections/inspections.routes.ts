/**
 * The inspection workspaces (regulator and organisation) over the inspection services.
 * The same URLs serve both sides: the services decide what each person may see and do.
 *
 * GET /inspections, GET /inspections/:id, POST /inspections/:id/transitions, GET /inspections/:id/timeline,
 * and (in their own files) the plan, evidence, cases and samples, and programme pages.
 */
import { roleMayEver } from '../../domain/access/permissions.js';
import { choice, pageFormSchema, parseForm, text } from '../form-validation.js';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INSPECTION_EVENTS, INSPECTION_STATES, type InspectionEvent, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { MAX_FILE_BYTES } from '../../domain/files/file-rules.js';
import { requireUser } from '../../services/authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { FieldError } from '../../services/errors.js';
import { listCases } from '../../services/inspections/cases.service.js';
import { getEvidenceChecklist } from '../../services/inspections/evidence.service.js';
import { changeInspectionState } from '../../services/inspections/inspection-lifecycle.service.js';
import { confirmInspectionTeam, getInspection, getTimeline, listInspections } from '../../services/inspections/inspection-plan.service.js';
import { getProgramme } from '../../services/inspections/programme.service.js';
import { listSamples } from '../../services/inspections/sampling.service.js';
import { field } from '../forms.view-model.js';
import { casePageRoutes } from './cases-pages.routes.js';
import { caseTrackingPageRoutes } from './case-tracking-pages.routes.js';
import { evidencePageRoutes } from './evidence-pages.routes.js';
import { listPage, overviewPage, timelinePage, TRANSITION_REASON_MAX } from './inspection-overview.view-model.js';
import { z } from 'zod';
import { getWaitingFor } from '../../services/work/waiting-for.service.js';
import { downloadLinks, waitingForRows } from '../work/waiting-for.view-model.js';
import { inspectionPath } from '../paths.js';
import { assertUuids, pageErrors, statusFor } from './page-errors.js';
import { planPageRoutes } from './plan-pages.routes.js';
import { programmePageRoutes } from './programme-pages.routes.js';
import { participantsPageRoutes } from './participants-pages.routes.js';

/** A change of state, checked at the edge: a known next step, and a reason within the limit stated under it (the lifecycle says when one is needed). */
const transitionSchema = z.object({ event: choice(INSPECTION_EVENTS, 'Choose what to do next'), reason: text('The reason', { max: TRANSITION_REASON_MAX }) });

export const NOTICES: Record<string, string> = {
  notify: 'The organisation has been notified. Its contacts have an email and a notice.',
  start_fieldwork: 'Fieldwork has started.',
  end_fieldwork: 'Fieldwork has ended.',
  cancel: 'The inspection has been cancelled.',
  planned: 'The inspection has been planned.',
  'plan-saved': 'The plan has been saved.',
  team_confirmed: 'The inspection team is confirmed. The organisation can now be told of the inspection.',
};

const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 }, state: { type: 'string', maxLength: 40 } } } } as const;

export async function showOverview(request: FastifyRequest, reply: FastifyReply, id: string, opts: { notice?: string; errors?: FieldError[]; reason?: string; status?: number } = {}) {
  const ctx = request.serviceContext();
  const detail = await getInspection(ctx, id);
  const [checklist, programme, cases, samples, events] = await Promise.all([getEvidenceChecklist(ctx, id), getProgramme(ctx, id), listCases(ctx, id), listSamples(ctx, id), getTimeline(ctx, id)]);
  const waiting = await getWaitingFor(ctx, id);
  const page = { ...overviewPage(detail, { checklist, programme, caseCount: cases.length, sampleCount: samples.length, lastEvents: events }, opts), waiting: waitingForRows(waiting), downloads: downloadLinks(detail.id, { side: detail.you.side, state: detail.state }) };
  return reply.code(opts.status ?? 200).view('inspections/views/overview.njk', page);
}

export async function inspectionPageRoutes(app: FastifyInstance): Promise<void> {
  // Multipart only for these pages (evidence files and case lists); the CSRF token is the form's first field, `_csrf`, never in the address (src/web/plugins/multipart-csrf.ts).
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12 } });
  app.addHook('preValidation', async (request) => assertUuids(request.params));

  app.get('/inspections', { schema: noticeQuery }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const raw = (request.query as { state?: string }).state;
    const state = INSPECTION_STATES.includes(raw as InspectionState) ? (raw as InspectionState) : undefined;
    const items = await listInspections(ctx, { state });
    const canPlan = roleMayEver(user.role, 'inspection.plan') || roleMayEver(user.role, 'inspection.propose_plan');
    return reply.view('inspections/views/list.njk', listPage(items, state, isRegulatorRole(user.role), canPlan));
  });

  app.get('/inspections/:id', { schema: noticeQuery }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const key = (request.query as { notice?: string }).notice;
    return showOverview(request, reply, id, { notice: key ? NOTICES[key] : undefined });
  });

  app.post('/inspections/:id/transitions', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const event = field(request.body, 'event') as InspectionEvent;
    const reason = field(request.body, 'reason');
    const version = Number(field(request.body, 'version'));
    const parsed = parseForm(transitionSchema, { event, reason });
    if (!parsed.ok) return showOverview(request, reply, id, { errors: parsed.errors, reason, status: 400 });
    try {
      await changeInspectionState(request.serviceContext(), id, { event, reason: reason || null, version: Number.isInteger(version) && version > 0 ? version : null });
    } catch (e) {
      const errors = pageErrors(e, event === 'cancel' ? 'reason' : 'event');
      return showOverview(request, reply, id, { errors, reason, status: statusFor(e) });
    }
    return reply.redirect(`${inspectionPath(id)}?notice=${event}`, 303);
  });

  /** An inspection manager confirms the team an inspector proposed. */
  app.post('/inspections/:id/team-confirmation', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      await confirmInspectionTeam(request.serviceContext(), id);
    } catch (e) {
      return showOverview(request, reply, id, { errors: pageErrors(e, 'team'), status: statusFor(e) });
    }
    return reply.redirect(`${inspectionPath(id)}?notice=team_confirmed`, 303);
  });

  app.get('/inspections/:id/timeline', async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const [detail, items] = await Promise.all([getInspection(ctx, id), getTimeline(ctx, id)]);
    return reply.view('inspections/views/timeline.njk', timelinePage(detail, items));
  });

  await app.register(planPageRoutes);
  await app.register(evidencePageRoutes);
  await app.register(casePageRoutes);
  await app.register(caseTrackingPageRoutes);
  await app.register(programmePageRoutes);
  await app.register(participantsPageRoutes);
}
