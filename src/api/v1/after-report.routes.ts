/**
 * /api/v1 for issue 8, over the same services as the pages: feedback triage and status,
 * GP Patient Survey comparisons, monitoring, follow-up, action plans.
 */
import type { FastifyInstance } from 'fastify';
import { FEEDBACK_OUTCOMES } from '../../data/tables/after-report.tables.js';
import { addAction, changeAction, getActionPlan, reviewPlan, submitPlan, type NewAction } from '../../services/action-plans/action-plan.service.js';
import { NotFoundError } from '../../services/errors.js';
import { getSharedFeedback, listSharedFeedback, respondToFeedback } from '../../services/feedback/feedback-response.service.js';
import { feedbackStatusByReference, getFeedbackForTriage, listFeedbackQueue, triageFeedback, type TriageInput } from '../../services/feedback/feedback-triage.service.js';
import { followUpDashboard, followUpTarget } from '../../services/follow-up/follow-up.service.js';
import { practiceSurveyComparison } from '../../services/gp-survey/gp-survey.service.js';
import { rankLocations } from '../../services/monitoring/monitoring.service.js';
import { apiSchema, idParams, isoDate } from './schemas.js';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

export async function afterReportApiRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { status?: string } }>(
    '/feedback',
    { schema: apiSchema({ summary: 'Feedback on care to triage, urgent first (inspectors and managers)', tags: ['feedback'], querystring: { type: 'object', properties: { status: { type: 'string', enum: ['received', 'in_review', 'closed'] } } } }) },
    async (request) => ({ feedback: await listFeedbackQueue(request.serviceContext(), { status: request.query.status }) }),
  );
  app.get<{ Params: { id: string } }>('/feedback/:id', { schema: apiSchema({ summary: 'One piece of feedback with its risk flags, history and linkable inspections', tags: ['feedback'], params: idParams }) }, async (request) =>
    getFeedbackForTriage(request.serviceContext(), request.params.id),
  );
  app.post<{ Params: { id: string }; Body: Partial<TriageInput> }>(
    '/feedback/:id/triage',
    {
      schema: apiSchema({
        summary: 'Record a triage decision: status, outcome, what was done, a link to an inspection',
        tags: ['feedback'],
        params: idParams,
        body: { type: 'object', required: ['status', 'note'], additionalProperties: false, properties: { status: { type: 'string', enum: ['in_review', 'closed'] }, outcome: { type: 'string', enum: ['', ...FEEDBACK_OUTCOMES] }, note: text(5000), inspectionId: text(64) } },
      }),
    },
    async (request) => {
      await triageFeedback(request.serviceContext(), request.params.id, { status: request.body.status ?? '', outcome: request.body.outcome ?? '', note: request.body.note ?? '', inspectionId: request.body.inspectionId ?? '' });
      return getFeedbackForTriage(request.serviceContext(), request.params.id);
    },
  );
  // Issue 16: feedback shared with the service, for the organisation's users to answer.
  app.get('/shared-feedback', { schema: apiSchema({ summary: 'Feedback the regulator shared with your service, unanswered first', tags: ['feedback'] }) }, async (request) => ({
    feedback: await listSharedFeedback(request.serviceContext()),
  }));
  app.get<{ Params: { id: string } }>('/shared-feedback/:id', { schema: apiSchema({ summary: 'One piece of shared feedback (never the contact details of the person who gave it)', tags: ['feedback'], params: idParams }) }, async (request) =>
    getSharedFeedback(request.serviceContext(), request.params.id),
  );
  app.post<{ Params: { id: string }; Body: { response: string } }>(
    '/shared-feedback/:id/response',
    { schema: apiSchema({ summary: 'Respond to shared feedback (once); the giver sees it on their status page', tags: ['feedback'], params: idParams, body: { type: 'object', required: ['response'], additionalProperties: false, properties: { response: { type: 'string', maxLength: 5000 } } } }) },
    async (request) => respondToFeedback(request.serviceContext(), request.params.id, request.body),
  );
  app.get<{ Params: { reference: string } }>(
    '/feedback-status/:reference',
    { schema: apiSchema({ summary: 'The status of feedback by its reference (public: never the text)', tags: ['feedback'], public: true, params: { type: 'object', required: ['reference'], properties: { reference: text(40) } } }) },
    async (request) => {
      const found = await feedbackStatusByReference(request.serviceContext(), request.params.reference);
      if (!found) throw new NotFoundError('No feedback with that reference');
      return found;
    },
  );

  app.get<{ Params: { odsCode: string } }>(
    '/gp-patient-survey/:odsCode',
    { schema: apiSchema({ summary: "A GP practice's latest GP Patient Survey results against its ICB and England, with significance (public)", tags: ['gp-patient-survey'], public: true, params: { type: 'object', required: ['odsCode'], properties: { odsCode: { type: 'string', pattern: '^[A-Za-z]\\d{5}$' } } } }) },
    async (request) => {
      const found = await practiceSurveyComparison(request.serviceContext(), request.params.odsCode);
      if (!found) throw new NotFoundError('No GP Patient Survey results for that practice');
      return found;
    },
  );

  app.get<{ Querystring: { localAuthority?: string; icb?: string } }>(
    '/monitoring',
    { schema: apiSchema({ summary: 'Locations ranked by risk score with the reasons (inspection managers)', tags: ['monitoring'], querystring: { type: 'object', properties: { localAuthority: text(200), icb: text(200) } } }) },
    async (request) => rankLocations(request.serviceContext(), { localAuthority: request.query.localAuthority, icb: request.query.icb }),
  );
  app.get('/follow-up', { schema: apiSchema({ summary: 'Locations and providers to follow up: rating age, re-inspection date, enforcement, overdue actions, concerns', tags: ['follow-up'] }) }, async (request) => ({
    rows: await followUpDashboard(request.serviceContext()),
  }));
  app.get<{ Params: { id: string } }>('/follow-up/:id', { schema: apiSchema({ summary: 'What a focused follow-up of an organisation would look at: current ratings, suggested key questions, notices to check and the proposed start', tags: ['follow-up'], params: idParams }) }, async (request) =>
    followUpTarget(request.serviceContext(), request.params.id),
  );

  const tags = ['action-plans'];
  app.get<{ Params: { id: string } }>('/inspections/:id/action-plan', { schema: apiSchema({ summary: 'The action plan for a published report, with what it does not cover yet', tags, params: idParams }) }, async (request) =>
    getActionPlan(request.serviceContext(), request.params.id),
  );
  app.post<{ Params: { id: string }; Body: { title: string; ownerName: string; dueDate?: string; covers: string[]; milestones?: { dueDate: string; title: string }[] } }>(
    '/inspections/:id/action-plan/actions',
    {
      schema: apiSchema({
        summary: 'Add an action (organisation): covers lists "recommendation:<id>" and "breach:<id>"',
        tags,
        params: idParams,
        successStatus: 201,
        body: {
          type: 'object',
          required: ['title', 'ownerName', 'covers'],
          additionalProperties: false,
          properties: { title: text(2000), ownerName: text(200), dueDate: isoDate, covers: { type: 'array', items: text(100), maxItems: 200 }, milestones: { type: 'array', maxItems: 50, items: { type: 'object', required: ['dueDate', 'title'], properties: { dueDate: isoDate, title: text(500) } } } },
        },
      }),
    },
    async (request, reply) => {
      // Without a due date, an action answering a breach under a notice is due by its date to comply by (issue 16).
      const input: NewAction = { ...request.body, dueDate: request.body.dueDate ?? '', milestones: (request.body.milestones ?? []).map((m) => `${m.dueDate} ${m.title}`).join('\n') };
      const id = await addAction(request.serviceContext(), request.params.id, input);
      return reply.code(201).send({ id, plan: await getActionPlan(request.serviceContext(), request.params.id) });
    },
  );
  app.post<{ Params: { id: string } }>('/inspections/:id/action-plan/submit', { schema: apiSchema({ summary: 'Send the plan to the regulator (refused until it covers everything)', tags, params: idParams }) }, async (request) => {
    await submitPlan(request.serviceContext(), request.params.id);
    return getActionPlan(request.serviceContext(), request.params.id);
  });
  app.post<{ Params: { id: string }; Body: { decision: string; note?: string } }>(
    '/inspections/:id/action-plan/review',
    { schema: apiSchema({ summary: 'Accept the plan or return it with a note (lead inspector, manager)', tags, params: idParams, body: { type: 'object', required: ['decision'], additionalProperties: false, properties: { decision: { type: 'string', enum: ['accept', 'return'] }, note: text(5000) } } }) },
    async (request) => {
      await reviewPlan(request.serviceContext(), request.params.id, request.body.decision, request.body.note ?? '');
      return getActionPlan(request.serviceContext(), request.params.id);
    },
  );
  app.post<{ Params: { id: string }; Body: { event: string; text?: string } }>(
    '/action-plan-actions/:id/transitions',
    { schema: apiSchema({ summary: 'progress / complete (organisation), verify / reopen (regulator)', tags, params: idParams, body: { type: 'object', required: ['event'], additionalProperties: false, properties: { event: { type: 'string', enum: ['progress', 'complete', 'verify', 'reopen'] }, text: text(5000) } } }) },
    async (request) => {
      const inspectionId = await changeAction(request.serviceContext(), request.params.id, request.body.event, request.body.text ?? '');
      return getActionPlan(request.serviceContext(), inspectionId);
    },
  );
}
