/**
 * The scoring page (/inspections/:id/judgement): scores per quality statement with the evidence
 * one click away, the rules engine's proposed ratings and explanation, and the manager's
 * approval or departure.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVIDENCE_CATEGORIES } from '../../domain/framework/evidence-categories.data.js';
import type { ScoringMethod } from '../../domain/fieldwork/judgement-proposal.js';
import type { OverallMethod } from '../../domain/rating/asc-principles.method.js';
import { ValidationError, type FieldError } from '../../services/errors.js';
import { approveJudgement, getJudgement, scoreStatement, setJudgementMethods } from '../../services/fieldwork/judgement.service.js';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { field } from '../forms.view-model.js';
import { assertUuids, pageErrors, statusFor } from '../inspections/page-errors.js';
import { DEPARTURE_REASON_MAX, judgementPage, type DepartureForm } from './judgement.view-model.js';
import { choice, pageFormSchema, parseForm, text } from '../form-validation.js';
import { RATINGS } from '../../domain/vocabulary/ratings.js';
import { z } from 'zod';
import { judgementPath } from '../paths.js';

const NOTICES: Record<string, string> = { scored: 'The scores have been saved. The proposed ratings below are up to date.', approved: 'The judgement is approved. The report can now be drafted.', methods: 'The rating method has been changed.' };

/**
 * A departure from the proposed ratings, checked at the edge: all three answers or none, the
 * reason within the limit stated under it (the service checks the rating is a departure at all).
 */
const departureSchema = z
  .object({
    subject: z.string(),
    rating: z.union([z.literal(''), choice(RATINGS, 'Choose the rating to approve')]),
    reason: text('The reason', { max: DEPARTURE_REASON_MAX }),
  })
  .superRefine((v, ctx) => {
    if (!v.subject) {
      if (v.rating || v.reason) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'Choose which rating you are departing from, or clear the rating and reason' });
      return;
    }
    if (!v.rating) ctx.addIssue({ code: 'custom', path: ['rating'], message: 'Choose the rating to approve' });
    if (v.reason.length < 10) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the reason for departing from the principles (at least 10 characters)' });
  });

export async function judgementPageRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => assertUuids(request.params));

  const show = async (request: FastifyRequest, reply: FastifyReply, opts: { errors?: FieldError[]; typed?: Record<string, string>; departure?: DepartureForm; status?: number; notice?: string } = {}) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const j = await getJudgement(ctx, id);
    const d = await getInspection(ctx, id);
    return reply.code(opts.status ?? 200).view('judgement/views/judgement.njk', judgementPage(d, j, { ...opts, ...(opts.notice ? { noticeText: opts.notice } : {}) }));
  };

  app.get('/inspections/:id/judgement', { schema: { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } }, async (request, reply) =>
    show(request, reply, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' }),
  );

  app.post('/inspections/:id/judgement/scores', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Record<string, string>;
    const ctx = request.serviceContext();
    const j = await getJudgement(ctx, id);
    // Check every score first, so nothing is half-saved.
    const errors: FieldError[] = [];
    const changes: { code: string; score?: number; categoryScores?: Record<string, number> }[] = [];
    for (const s of j.statements) {
      if (j.scoringMethod === 'saf-2024') {
        const v = body[`score-${s.code}`] ?? '';
        if (v === '') continue;
        if (!/^[1-4]$/.test(v)) errors.push({ field: `score-${s.code}`, message: `Choose a score from 1 to 4 for ${s.code} ${s.name}` });
        else if (Number(v) !== s.score?.score) changes.push({ code: s.code, score: Number(v) });
      } else {
        const cats: Record<string, number> = {};
        for (const c of EVIDENCE_CATEGORIES) {
          const v = body[`cat-${s.code}-${c}`] ?? '';
          if (v === '') continue;
          if (!/^[1-4]$/.test(v)) errors.push({ field: `cat-${s.code}-${c}`, message: `Choose a score from 1 to 4 for ${s.code} ${c}` });
          else cats[c] = Number(v);
        }
        if (Object.keys(cats).length && JSON.stringify(cats) !== JSON.stringify(s.score?.categoryScores ?? {})) changes.push({ code: s.code, categoryScores: cats });
      }
    }
    if (errors.length) return show(request, reply, { errors, typed: body, status: 400 });
    try {
      for (const c of changes) await scoreStatement(ctx, id, c.code, c);
      return reply.redirect(judgementPath(id, '?notice=scored'), 303);
    } catch (e) {
      return show(request, reply, { errors: pageErrors(e, 'scores'), typed: body, status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/judgement/methods', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      await setJudgementMethods(request.serviceContext(), id, { scoringMethod: field(request.body, 'scoringMethod') as ScoringMethod, overallMethod: field(request.body, 'overallMethod') as OverallMethod });
      return reply.redirect(judgementPath(id, '?notice=methods'), 303);
    } catch (e) {
      return show(request, reply, { errors: pageErrors(e, 'scoringMethod'), status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/judgement/approval', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const departure: DepartureForm = { subject: field(request.body, 'subject'), rating: field(request.body, 'rating'), reason: field(request.body, 'reason') };
    const parsed = parseForm(departureSchema, departure);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await approveJudgement(request.serviceContext(), id, { departures: departure.subject ? [departure] : [] });
      return reply.redirect(judgementPath(id, '?notice=approved'), 303);
    } catch (e) {
      const errors = pageErrors(e, 'subject').map((x) => ({ ...x, field: x.field.replace(/^departures\[0\]\./, '') }));
      return show(request, reply, { errors, departure, status: statusFor(e) });
    }
  });
}
