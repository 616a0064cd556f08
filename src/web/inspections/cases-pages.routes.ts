/**
 * Cases and samples. GET /inspections/:id/cases, POST /inspections/:id/cases/upload (multipart CSV),
 * GET|POST /inspections/:id/cases/new (one case by hand), GET|POST /inspections/:id/samples/new,
 * GET /inspections/:id/samples/:sampleId, POST /inspections/:id/samples/:sampleId/swap.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SampleCriteria } from '../../domain/sampling/sampling.js';
import { NotFoundError, ValidationError, type FieldError } from '../../services/errors.js';
import { addCases, CaseListError, importCaseListCsv, listCases, MAX_CASE_ROWS, type ImportSummary } from '../../services/inspections/cases.service.js';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { drawCaseSample, getSample, listSamples, swapSampleCase } from '../../services/inspections/sampling.service.js';
import { field } from '../forms.view-model.js';
import { casesPage, drawPage, lineErrorsToFields, manualCasePage, parseDrawForm, SAMPLE_LIMITS, samplePage, type DrawForm, type ManualCaseForm } from './cases.view-model.js';
import { inspectionPath } from '../paths.js';
import { pageErrors, statusFor } from './page-errors.js';
import { choice, pageFormSchema, parseForm, text } from '../form-validation.js';
import { AGE_BANDS, referenceProblem } from '../../domain/inspection/case-list.js';
import { z } from 'zod';

/** Drawing a sample: the words typed, checked at the edge with the limits stated under the fields (the design is checked by parseDrawForm, the service checks again). */
const drawTextSchema = z.object({
  rationale: text('The rationale', { max: SAMPLE_LIMITS.rationale, required: 'Say why you are drawing this sample (the rationale is saved with it)' }),
  sizes: text('The stratum sizes', { max: SAMPLE_LIMITS.sizes }),
  seed: text('The seed', { max: SAMPLE_LIMITS.seed }),
});

/** Swapping a case out of a sample: which case and why (the service checks the replacement). */
const swapSchema = z.object({
  caseId: z.string().trim().min(1, { error: 'Choose the case to swap out' }),
  reason: text('The reason', { max: SAMPLE_LIMITS.swapReason, required: 'Give a reason for swapping the case' }),
  replacementCaseId: z.string().trim(),
});


const MAX_CSV_BYTES = 5 * 1024 * 1024;
const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } as const;

/** A form value that may come once (a string) or several times (an array). */
const yesNo = (message: string) => choice(['yes', 'no'], message);

/** A case entered by hand, checked at the edge: every answer at once, the reference as pseudonymous as the case list's. */
const manualCaseSchema = z.object({
  caseReference: z
    .string()
    .trim()
    .min(1, { error: 'Enter the case reference' })
    .superRefine((v, ctx) => {
      const problem = referenceProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^case_reference/, 'The case reference') });
    }),
  servicesUsed: z.array(z.string()).min(1, { error: 'Select the services the child or family used' }),
  ageBand: choice(AGE_BANDS, 'Select the age band'),
  lookedAfter: yesNo('Say whether the child is looked after'),
  childProtectionPlan: yesNo('Say whether the child has a child protection plan'),
  childInNeed: yesNo('Say whether the child is a child in need'),
  consentToContact: yesNo('Say whether the family agreed to be contacted'),
});

function many(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];
}

async function showCases(request: FastifyRequest, reply: FastifyReply, opts: { imported?: ImportSummary; noticeKey?: string; errors?: FieldError[]; status?: number } = {}) {
  const { id } = request.params as { id: string };
  const ctx = request.serviceContext();
  const [detail, cases, samples] = await Promise.all([getInspection(ctx, id), listCases(ctx, id), listSamples(ctx, id)]);
  return reply.code(opts.status ?? 200).view('inspections/views/cases.njk', casesPage(detail, cases, samples, opts));
}

const SNAKE_TO_FORM: Record<string, string> = {
  case_reference: 'caseReference',
  services_used: 'servicesUsed',
  age_band: 'ageBand',
  looked_after: 'lookedAfter',
  child_protection_plan: 'childProtectionPlan',
  child_in_need: 'childInNeed',
  consent_to_contact: 'consentToContact',
};

export async function casePageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/inspections/:id/cases', { schema: noticeQuery }, async (request, reply) => showCases(request, reply, { noticeKey: (request.query as { notice?: string }).notice }));

  app.post('/inspections/:id/cases/upload', { schema: noticeQuery }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    await getInspection(ctx, id);
    let imported: ImportSummary;
    try {
      const part = request.isMultipart() ? await request.file({ limits: { fileSize: MAX_CSV_BYTES } }) : undefined;
      if (!part || !part.filename) throw new ValidationError([{ field: 'file', message: 'Select a CSV file' }]);
      const text = (await part.toBuffer()).toString('utf8');
      if (part.file.truncated) throw new ValidationError([{ field: 'file', message: `The case list must be smaller than 5 MB (at most ${MAX_CASE_ROWS} rows)` }]);
      imported = await importCaseListCsv(ctx, id, { csv: text, filename: part.filename });
    } catch (e) {
      if (e instanceof CaseListError) return showCases(request, reply, { errors: lineErrorsToFields(e.lineErrors), status: 422 });
      const fastifyTooLarge = (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
      if (fastifyTooLarge) return showCases(request, reply, { errors: [{ field: 'file', message: 'The case list must be smaller than 5 MB' }], status: 413 });
      return showCases(request, reply, { errors: pageErrors(e, 'file').map((x) => ({ ...x, field: 'file' })), status: statusFor(e) });
    }
    return showCases(request, reply, { imported });
  });

  const emptyCase: ManualCaseForm = { caseReference: '', servicesUsed: [], ageBand: '', lookedAfter: '', childProtectionPlan: '', childInNeed: '', consentToContact: '' };
  app.get('/inspections/:id/cases/new', async (request, reply) => {
    const { id } = request.params as { id: string };
    const detail = await getInspection(request.serviceContext(), id);
    if (detail.you.side !== 'organisation') throw new NotFoundError();
    return reply.view('inspections/views/case-new.njk', manualCasePage(detail, emptyCase));
  });

  app.post('/inspections/:id/cases/new', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const b = request.body;
    const form: ManualCaseForm = {
      caseReference: field(b, 'caseReference'),
      servicesUsed: many(b, 'servicesUsed'),
      ageBand: field(b, 'ageBand'),
      lookedAfter: field(b, 'lookedAfter'),
      childProtectionPlan: field(b, 'childProtectionPlan'),
      childInNeed: field(b, 'childInNeed'),
      consentToContact: field(b, 'consentToContact'),
    };
    const parsed = parseForm(manualCaseSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await addCases(ctx, id, [
        {
          caseReference: form.caseReference.trim(),
          servicesUsed: form.servicesUsed,
          ageBand: form.ageBand,
          lookedAfter: form.lookedAfter === 'yes',
          childProtectionPlan: form.childProtectionPlan === 'yes',
          childInNeed: form.childInNeed === 'yes',
          consentToContact: form.consentToContact === 'yes',
        },
      ]);
    } catch (e) {
      const fields = pageErrors(e, 'caseReference').map((x) => {
        const m = /^cases\[\d+\](?:\.(\w+))?$/.exec(x.field);
        return m ? { ...x, field: SNAKE_TO_FORM[m[1] ?? ''] ?? 'caseReference' } : x;
      });
      const detail = await getInspection(ctx, id);
      return reply.code(statusFor(e)).view('inspections/views/case-new.njk', manualCasePage(detail, form, fields));
    }
    return reply.redirect(`${inspectionPath(id, '/cases')}?notice=added`, 303);
  });

  const emptyDraw: DrawForm = { services: [], ageBands: [], lookedAfter: '', childProtectionPlan: '', childInNeed: '', consentRequired: 'yes', kind: 'simple', field: '', size: '', sizes: '', seed: '', rationale: '' };
  const showDraw = async (request: FastifyRequest, reply: FastifyReply, form: DrawForm, errors: FieldError[] = [], status = 200) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const detail = await getInspection(ctx, id);
    if (detail.you.side !== 'regulator') throw new NotFoundError();
    const cases = await listCases(ctx, id);
    return reply.code(status).view('inspections/views/sample-new.njk', drawPage(detail, cases.length, form, errors));
  };
  app.get('/inspections/:id/samples/new', async (request, reply) => showDraw(request, reply, emptyDraw));

  app.post(
    '/inspections/:id/samples/new',
    { schema: pageFormSchema },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const b = request.body;
      const form: DrawForm = {
        services: many(b, 'services'),
        ageBands: many(b, 'ageBands'),
        lookedAfter: field(b, 'lookedAfter'),
        childProtectionPlan: field(b, 'childProtectionPlan'),
        childInNeed: field(b, 'childInNeed'),
        consentRequired: field(b, 'consentRequired'),
        kind: field(b, 'kind'),
        field: field(b, 'field'),
        size: field(b, 'size'),
        sizes: field(b, 'sizes'),
        seed: field(b, 'seed'),
        rationale: field(b, 'rationale'),
      };
      const parsed = parseDrawForm(form);
      const words = parseForm(drawTextSchema, form);
      const formErrors = [...parsed.errors.filter((e) => !words.errors.some((w) => w.field === e.field)), ...words.errors];
      if (formErrors.length) return showDraw(request, reply, form, formErrors, 400);
      let sampleId: string;
      try {
        const s = await drawCaseSample(request.serviceContext(), id, { criteria: parsed.criteria as SampleCriteria, design: parsed.design, seed: form.seed || null, rationale: form.rationale });
        sampleId = s.id;
      } catch (e) {
        return showDraw(request, reply, form, pageErrors(e, 'kind').map((x) => ({ ...x, field: x.field === 'design' ? 'kind' : x.field })), statusFor(e));
      }
      return reply.redirect(`${inspectionPath(id, `/samples/${sampleId}`)}?notice=sample-drawn`, 303);
    },
  );

  const showSample = async (request: FastifyRequest, reply: FastifyReply, opts: Parameters<typeof samplePage>[2] & { status?: number } = {}) => {
    const { id, sampleId } = request.params as { id: string; sampleId: string };
    const ctx = request.serviceContext();
    const [detail, sample] = await Promise.all([getInspection(ctx, id), getSample(ctx, sampleId)]);
    if (sample.inspectionId !== detail.id) throw new NotFoundError();
    const candidates = detail.you.side === 'regulator' ? (await listCases(ctx, id)).map((c) => ({ id: c.id, reference: c.caseReference })) : [];
    return reply.code(opts.status ?? 200).view('inspections/views/sample.njk', samplePage(detail, sample, { ...opts, candidates }));
  };
  app.get('/inspections/:id/samples/:sampleId', { schema: noticeQuery }, async (request, reply) => showSample(request, reply, { noticeKey: (request.query as { notice?: string }).notice }));

  app.post('/inspections/:id/samples/:sampleId/swap', { schema: pageFormSchema }, async (request, reply) => {
    const { id, sampleId } = request.params as { id: string; sampleId: string };
    const ctx = request.serviceContext();
    const sample = await getSample(ctx, sampleId);
    if (sample.inspectionId !== id) throw new NotFoundError();
    const swap = { caseId: field(request.body, 'caseId'), reason: field(request.body, 'reason'), replacementCaseId: field(request.body, 'replacementCaseId') };
    try {
      const parsed = parseForm(swapSchema, swap);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await swapSampleCase(ctx, sampleId, { caseId: parsed.value.caseId, reason: parsed.value.reason, replacementCaseId: parsed.value.replacementCaseId || null });
    } catch (e) {
      return showSample(request, reply, { errors: pageErrors(e, 'caseId'), swap, status: statusFor(e) });
    }
    return reply.redirect(`${inspectionPath(id, `/samples/${sampleId}`)}?notice=swapped`, 303);
  });
}
