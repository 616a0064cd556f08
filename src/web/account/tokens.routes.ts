/**
 * GET|POST /account/tokens: a person's personal access tokens for the JSON API (same permissions
 * as the person). POST /account/tokens/:id/revoke. POST /account/tokens/:id/notifications gives a
 * token the scope to submit statutory notifications, or takes it away (organisation users). The secret is shown once, on the page that made it.
 */
import type { FastifyInstance } from 'fastify';
import { setNotificationScope } from '../../services/api-tokens/notification-scope.service.js';
import { createPersonalAccessToken, listPersonalAccessTokens, revokePersonalAccessToken } from '../../services/api-tokens/personal-access-tokens.service.js';
import { requireUser } from '../../services/authorisation.js';
import { NotFoundError, ValidationError } from '../../services/errors.js';
import { field, formSchema } from '../forms.view-model.js';
import { UUID } from '../inspections/page-errors.js';

import { tokensPage, type TokenForm } from './tokens.view-model.js';

/** Statutory notifications come from organisation users: only their tokens are offered the scope. */
const isOrganisationSide = (role: string): boolean => role === 'provider_user';

export async function tokenPageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/account/tokens', { schema: { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const tokens = await listPersonalAccessTokens(ctx);
    // The secret is never in a URL or a later page: a plain no-store page.
    reply.header('Cache-Control', 'no-store');
    return reply.view('account/views/tokens.njk', tokensPage(tokens, ctx.clock.now(), { notice: (request.query as { notice?: string }).notice ?? '', organisationUser: isOrganisationSide(user.role) }));
  });

  app.post('/account/tokens', { schema: formSchema('name', 'expiresInDays') }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const organisationUser = isOrganisationSide(user.role);
    const form: TokenForm = { name: field(request.body, 'name'), expiresInDays: field(request.body, 'expiresInDays').trim() };
    reply.header('Cache-Control', 'no-store');
    try {
      const days = form.expiresInDays === '' ? null : Number(form.expiresInDays);
      if (days !== null && !Number.isInteger(days)) throw new ValidationError([{ field: 'expiresInDays', message: 'Enter the number of days as a whole number, like 90' }]);
      const created = await createPersonalAccessToken(ctx, { name: form.name, expiresInDays: days });
      const tokens = await listPersonalAccessTokens(ctx);
      return reply.code(201).view('account/views/tokens.njk', tokensPage(tokens, ctx.clock.now(), { created, organisationUser }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const tokens = await listPersonalAccessTokens(ctx);
      return reply.code(400).view('account/views/tokens.njk', tokensPage(tokens, ctx.clock.now(), { form, errors: e.fields, organisationUser }));
    }
  });

  app.post('/account/tokens/:id/revoke', { schema: formSchema() }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) throw new NotFoundError();
    await revokePersonalAccessToken(request.serviceContext(), id);
    return reply.redirect('/account/tokens?notice=revoked', 303);
  });

  app.post('/account/tokens/:id/notifications', { schema: formSchema('enabled') }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) throw new NotFoundError();
    const enabled = field(request.body, 'enabled') === 'yes';
    await setNotificationScope(request.serviceContext(), id, enabled);
    return reply.redirect(`/account/tokens?notice=${enabled ? 'notifications-on' : 'notifications-off'}`, 303);
  });
}
