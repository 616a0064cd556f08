/**
 * /api/v1 for statutory notifications (issue 19): providers' own systems submit with a personal
 * access token that has the notification scope, idempotent by their own reference; the
 * regulator reads the queue and records triage.
 */
import type { FastifyInstance } from 'fastify';
import { NOTIFICATION_OUTCOMES } from '../../data/tables/provider-portal.tables.js';
import { NOTIFICATION_TYPES } from '../../domain/notifications/notification-types.data.js';
import { requireNotificationScope, setNotificationScope } from '../../services/api-tokens/notification-scope.service.js';
import { getNotification, listOrganisationNotifications, listTriageQueue, submitNotification, triageNotification, type NotificationTriageInput } from '../../services/provider-portal/statutory-notifications.service.js';
import { requireUser } from '../../services/authorisation.js';
import { apiSchema, idParams, uuid } from './schemas.js';

const tags = ['notifications'];
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

function detailJson(d: Awaited<ReturnType<typeof getNotification>>) {
  const r = d.row;
  return {
    id: r.id,
    reference: r.reference,
    providerReference: r.provider_reference,
    organisationId: r.organisation_id,
    organisationName: d.organisationName,
    type: r.type,
    regulation: r.regulation,
    details: r.details,
    submittedAt: r.submitted_at.toISOString(),
    status: r.status,
    outcome: r.outcome,
    ...(d.side === 'regulator' ? { priority: r.priority, priorityExplanation: r.priority_explanation, respondBy: r.respond_by.toISOString(), owner: d.ownerName, linkedInspectionId: r.linked_inspection_id, evidenceItemId: r.evidence_item_id, history: d.history.map((h) => ({ ...h, at: h.at.toISOString() })) } : {}),
  };
}

export async function statutoryNotificationsApiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/notification-types', { schema: apiSchema({ summary: 'The statutory notification types and the fields each needs', tags }) }, async (request) => {
    requireUser(request.serviceContext());
    return { types: NOTIFICATION_TYPES.map((t) => ({ id: t.id, title: t.title, regulation: t.regulation, aboutPerson: t.aboutPerson, fields: t.fields })) };
  });

  app.post<{ Body: { organisationId: string; type: string; providerReference: string; details: Record<string, string | string[]> } }>(
    '/notifications',
    {
      schema: apiSchema({
        summary: 'Submit a statutory notification (organisation users; a token needs the notifications:submit scope). Idempotent by providerReference: the same reference again returns the first notification (200)',
        tags,
        body: {
          type: 'object',
          required: ['organisationId', 'type', 'providerReference', 'details'],
          additionalProperties: false,
          properties: {
            organisationId: uuid,
            type: { type: 'string', enum: NOTIFICATION_TYPES.map((t) => t.id) },
            providerReference: { type: 'string', minLength: 1, maxLength: 100 },
            details: { type: 'object', additionalProperties: { anyOf: [text(5000), { type: 'array', items: text(100), maxItems: 20 }] }, description: 'The type\'s fields by name (dates YYYY-MM-DD), and personReference, personAgeBand, personInitials when the type is about a person' },
          },
        },
      }),
    },
    async (request, reply) => {
      const ctx = request.serviceContext();
      await requireNotificationScope(ctx, request.headers.authorization);
      const sent = await submitNotification(ctx, { organisationId: request.body.organisationId, type: request.body.type, values: request.body.details, providerReference: request.body.providerReference, channel: 'api' });
      return reply.code(sent.created ? 201 : 200).send(detailJson(await getNotification(ctx, sent.id)));
    },
  );

  app.get<{ Querystring: { status?: string } }>(
    '/notifications',
    { schema: apiSchema({ summary: "Organisation users: your notifications. The regulator: the triage queue (urgent first)", tags, querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'closed', 'all'] } } } }) },
    async (request) => {
      const ctx = request.serviceContext();
      const user = requireUser(ctx);
      const rows = user.role === 'provider_user' ? await listOrganisationNotifications(ctx) : await listTriageQueue(ctx, { status: request.query.status === 'open' ? '' : request.query.status });
      return { notifications: rows.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString(), respondBy: user.role === 'provider_user' ? undefined : r.respondBy.toISOString(), ...(user.role === 'provider_user' ? { priority: undefined, ownerName: undefined, overdue: undefined } : {}) })) };
    },
  );

  app.get<{ Params: { id: string } }>('/notifications/:id', { schema: apiSchema({ summary: 'One notification (the regulator also sees priority, owner and history)', tags, params: idParams }) }, async (request) => detailJson(await getNotification(request.serviceContext(), request.params.id)));

  app.post<{ Params: { id: string }; Body: Partial<NotificationTriageInput> }>(
    '/notifications/:id/triage',
    {
      schema: apiSchema({
        summary: 'Record what was done (inspectors and managers)',
        tags,
        params: idParams,
        body: { type: 'object', required: ['status', 'note'], additionalProperties: false, properties: { status: { type: 'string', enum: ['in_review', 'closed'] }, outcome: { type: 'string', enum: ['', ...NOTIFICATION_OUTCOMES] }, note: text(5000), inspectionId: text(64), ownerId: text(64) } },
      }),
    },
    async (request) => {
      const ctx = request.serviceContext();
      await triageNotification(ctx, request.params.id, { status: request.body.status ?? '', outcome: request.body.outcome ?? '', note: request.body.note ?? '', inspectionId: request.body.inspectionId ?? '', ownerId: request.body.ownerId ?? '' });
      return detailJson(await getNotification(ctx, request.params.id));
    },
  );

  app.put<{ Params: { id: string }; Body: { enabled: boolean } }>(
    '/tokens/:id/scopes/notifications',
    { schema: apiSchema({ summary: 'Give one of your tokens the notifications:submit scope, or take it away (signed in: a token cannot change scopes; also on the API tokens page)', tags: ['tokens'], params: idParams, body: { type: 'object', required: ['enabled'], additionalProperties: false, properties: { enabled: { type: 'boolean' } } } }) },
    async (request) => setNotificationScope(request.serviceContext(), request.params.id, request.body.enabled),
  );
}
