/** GET /follow-up (dashboard); GET|POST /follow-up/:organisationId/inspection (plan a focused inspection). */
import { z } from 'zod';
import { dateParts, govukDate, parseForm } from '../form-validation.js';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../services/errors.js';
import { createFollowUpInspection, followUpSearch, followUpTarget } from '../../services/follow-up/follow-up.service.js';
import { field } from '../forms.view-model.js';
import { dashboardPage, planPage, type FollowUpForm } from './follow-up.view-model.js';
import { inspectionPath } from '../paths.js';

const params = { type: 'object', properties: { organisationId: { type: 'string', maxLength: 64 } }, required: ['organisationId'] } as const;

const fieldworkDates = z.object({
  fieldworkStart: govukDate('fieldworkStart', 'Fieldwork start date', { required: 'Enter the date fieldwork starts' }),
  fieldworkEnd: govukDate('fieldworkEnd', 'Fieldwork end date', { required: 'Enter the date fieldwork ends' }),
});

export async function followUpRoutes(app: FastifyInstance): Promise<void> {
  app.get('/follow-up', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = typeof query['q'] === 'string' ? query['q'].slice(0, 100) : '';
    const page = Number.parseInt(typeof query['page'] === 'string' ? query['page'] : '1', 10) || 1;
    const view = dashboardPage(await followUpSearch(request.serviceContext(), { q, page }), q);
    return reply.view('follow-up/views/dashboard.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/follow-up/:organisationId/inspection', { schema: { params } }, async (request, reply) => {
    const view = planPage(await followUpTarget(request.serviceContext(), (request.params as { organisationId: string }).organisationId), null, []);
    return reply.view('follow-up/views/plan.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/follow-up/:organisationId/inspection', { schema: { params } }, async (request, reply) => {
    const { organisationId } = request.params as { organisationId: string };
    const ctx = request.serviceContext();
    const raw = (request.body as { keyQuestions?: unknown } | undefined)?.keyQuestions;
    const form: FollowUpForm = {
      keyQuestions: Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : typeof raw === 'string' ? [raw] : [],
      leadInspectorId: field(request.body, 'leadInspectorId'),
      fieldworkStart: '',
      fieldworkEnd: '',
      noticeType: field(request.body, 'noticeType'),
    };
    const dates = { fieldworkStart: dateParts(request.body, 'fieldworkStart'), fieldworkEnd: dateParts(request.body, 'fieldworkEnd') };
    const parsed = parseForm(fieldworkDates, dates);
    if (!parsed.ok) {
      const view = planPage(await followUpTarget(ctx, organisationId), form, parsed.errors, dates);
      return reply.code(400).view('follow-up/views/plan.njk', { view, pageTitle: view.pageTitle });
    }
    form.fieldworkStart = parsed.value.fieldworkStart;
    form.fieldworkEnd = parsed.value.fieldworkEnd;
    try {
      const id = await createFollowUpInspection(ctx, organisationId, form);
      return reply.redirect(inspectionPath(id), 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        const view = planPage(await followUpTarget(ctx, organisationId), form, e.fields, dates);
        return reply.code(400).view('follow-up/views/plan.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });
}
