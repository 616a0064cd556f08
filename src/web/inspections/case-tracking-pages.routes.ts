/**
 * Case tracking pages (issue 15), for the inspection team:
 * GET /inspections/:id/case-tracking (the summary by service and by finding),
 * GET|POST /inspections/:id/cases/:caseId/tracking (services seen, records read),
 * POST …/tracking/findings, …/findings/:findingId/remove, …/tracking/links, …/links/:linkId/remove.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError, type FieldError } from '../../services/errors.js';
import { addCaseFinding, getCaseTrackingSummary, getTrackedCase, linkToCase, recordCaseTracking, removeCaseFinding, unlinkFromCase } from '../../services/fieldwork/case-tracking.service.js';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { field } from '../forms.view-model.js';
import { trackedCasePage, trackingSummaryPage, type FindingForm, type TrackingForm } from './case-tracking.view-model.js';
import { trackedCasePath } from '../paths.js';
import { assertUuids, pageErrors, statusFor } from './page-errors.js';
import { FINDING_KINDS, MAX_FINDING, MAX_RECORDS_READ } from '../../domain/fieldwork/case-tracking.js';
import { pageFormSchema, parseForm, choice, text } from '../form-validation.js';
import { z } from 'zod';

/** A form body of strings with no cap the page cannot explain: the schemas below name the limits at the fields. */
/** A page form's body: strings (or lists, from checkboxes); each form's zod schema says what they must hold. */
const anyForm = pageFormSchema;

/** What was seen and read for a case, checked at the edge (the domain checks the services against the scope, and again). */
const trackingSchema = z.object({
  servicesSeen: z.array(z.string()).min(1, { error: 'Select the services you saw for this case' }),
  recordsRead: text('The records read', { max: MAX_RECORDS_READ, required: 'Enter the records you read, like "Health visiting record, GP summary"' }),
});

/** A finding on a case, checked at the edge with the limit stated under it. */
const findingSchema = z.object({
  kind: choice(FINDING_KINDS, 'Choose what you found: good practice, a concern or immediate action needed'),
  text: text('The finding', { max: MAX_FINDING, required: 'Describe what you found' }),
  serviceName: z.string(),
});

type Req = FastifyRequest<{ Params: { id: string; caseId: string; findingId?: string; linkId?: string } }>;
type PageOpts = NonNullable<Parameters<typeof trackedCasePage>[2]>;

const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } as const;

function many(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];
}

export async function caseTrackingPageRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => assertUuids(request.params));

  app.get('/inspections/:id/case-tracking', async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const summary = await getCaseTrackingSummary(ctx, id);
    const detail = await getInspection(ctx, id);
    return reply.view('inspections/views/case-tracking.njk', trackingSummaryPage(detail, summary));
  });

  const show = async (request: Req, reply: FastifyReply, opts: PageOpts & { status?: number } = {}) => {
    const ctx = request.serviceContext();
    const tracked = await getTrackedCase(ctx, request.params.id, request.params.caseId);
    const detail = await getInspection(ctx, request.params.id);
    return reply.code(opts.status ?? 200).view('inspections/views/tracked-case.njk', trackedCasePage(detail, tracked, opts));
  };
  const back = (r: Req, notice: string) => `${trackedCasePath(r.params.id, r.params.caseId)}?notice=${notice}`;
  const failed = (r: Req, reply: FastifyReply, e: unknown, fallback: string, opts: PageOpts) => show(r, reply, { ...opts, errors: pageErrors(e, fallback), status: statusFor(e) });

  app.get('/inspections/:id/cases/:caseId/tracking', { schema: noticeQuery }, async (request, reply) => show(request as Req, reply, { noticeKey: (request.query as { notice?: string }).notice }));

  app.post(
    '/inspections/:id/cases/:caseId/tracking',
    { schema: anyForm },
    async (request, reply) => {
      const r = request as Req;
      const tracking: TrackingForm = { servicesSeen: many(r.body, 'servicesSeen'), recordsRead: field(r.body, 'recordsRead') };
      try {
        const parsed = parseForm(trackingSchema, tracking);
        if (!parsed.ok) throw new ValidationError(parsed.errors);
        await recordCaseTracking(r.serviceContext(), r.params.id, r.params.caseId, tracking);
      } catch (e) {
        return failed(r, reply, e, 'servicesSeen', { form: 'tracking', tracking });
      }
      return reply.redirect(back(r, 'recorded'), 303);
    },
  );

  app.post('/inspections/:id/cases/:caseId/tracking/findings', { schema: anyForm }, async (request, reply) => {
    const r = request as Req;
    const finding: FindingForm = { kind: field(r.body, 'kind'), text: field(r.body, 'text'), serviceName: field(r.body, 'serviceName') };
    try {
      const parsed = parseForm(findingSchema, finding);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await addCaseFinding(r.serviceContext(), r.params.id, r.params.caseId, finding);
    } catch (e) {
      return failed(r, reply, e, 'kind', { form: 'finding', finding });
    }
    return reply.redirect(back(r, 'finding'), 303);
  });

  app.post('/inspections/:id/cases/:caseId/tracking/findings/:findingId/remove', { schema: pageFormSchema }, async (request, reply) => {
    const r = request as Req;
    try {
      await removeCaseFinding(r.serviceContext(), r.params.id, r.params.caseId, r.params.findingId!);
    } catch (e) {
      return failed(r, reply, e, 'kind', { form: 'finding' });
    }
    return reply.redirect(back(r, 'finding-removed'), 303);
  });

  app.post('/inspections/:id/cases/:caseId/tracking/links', { schema: pageFormSchema }, async (request, reply) => {
    const r = request as Req;
    const target = field(r.body, 'target');
    try {
      const at = target.indexOf(':');
      if (at < 0) throw new ValidationError([{ field: 'target', message: 'Choose an evidence item, concern or visit to link' }] satisfies FieldError[]);
      await linkToCase(r.serviceContext(), r.params.id, r.params.caseId, { kind: target.slice(0, at), targetId: target.slice(at + 1) });
    } catch (e) {
      return failed(r, reply, e, 'target', { form: 'link', target });
    }
    return reply.redirect(back(r, 'linked'), 303);
  });

  app.post('/inspections/:id/cases/:caseId/tracking/links/:linkId/remove', { schema: pageFormSchema }, async (request, reply) => {
    const r = request as Req;
    try {
      await unlinkFromCase(r.serviceContext(), r.params.id, r.params.caseId, r.params.linkId!);
    } catch (e) {
      return failed(r, reply, e, 'target', { form: 'link' });
    }
    return reply.redirect(back(r, 'unlinked'), 303);
  });
}
