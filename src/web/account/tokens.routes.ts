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
import { field } from '../forms.view-model.js';
import { z } from 'zod';
import { pageFormSchema, parseForm, text } from '../form-validation.js';
import { MAX_TOKEN_LIFETIME_DAYS } from '../../services/api-tokens/personal-access-tokens.service.js';
import { UUID } from '../inspections/page-errors.js';

import { TOKEN_NAME_MAX, tokensPage, type TokenForm } from './tokens.view-model.js';

/** A new token, checked at the edge: its name (the limit stated in the hint) and how many days it lasts. Both errors at once. */
const tokenSchema = z.object({
  name: text('Name', { max: TOKEN_NAME_MAX, required: 'Give the token a name, so you can recognise it later' }),
  expiresInDays: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d+$/.test(v), { error: 'Enter the number of days as a whole number, like 90' })
    .refine((v) => v === '' || !/^\d+$/.test(v) || (Number(v) >= 1 && Number(v) <= MAX_TOKEN_LIFETIME_DAYS), { error: `A token lasts between 1 and ${MAX_TOKEN_LIFETIME_DAYS} days` }),
});

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

  app.post('/account/tokens', { schema: pageFormSchema }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const organisationUser = isOrganisationSide(user.role);
    const form: TokenForm = { name: field(request.body, 'name'), expiresInDays: field(request.body, 'expiresInDays').trim() };
    reply.header('Cache-Control', 'no-store');
    try {
      const parsed = parseForm(tokenSchema, form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const days = form.expiresInDays === '' ? null : Number(form.expiresInDays);
      const created = await createPersonalAccessToken(ctx, { name: form.name, expiresInDays: days });
      const tokens = await listPersonalAccessTokens(ctx);
      return reply.code(201).view('account/views/tokens.njk', tokensPage(tokens, ctx.clock.now(), { created, organisationUser }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const tokens = await listPersonalAccessTokens(ctx);
      return reply.code(400).view('account/views/tokens.njk', tokensPage(tokens, ctx.clock.now(), { form, errors: e.fields, organisationUser }));
    }
  });

  app.post('/account/tokens/:id/revoke', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) throw new NotFoundError();
    await revokePersonalAccessToken(request.serviceContext(), id);
    return reply.redirect('/account/tokens?notice=revoked', 303);
  });

  app.post('/account/tokens/:id/notifications', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) throw new NotFoundError();
    const enabled = field(request.body, 'enabled') === 'yes';
    await setNotificationScope(request.serviceContext(), id, enabled);
    return reply.redirect(`/account/tokens?notice=${enabled ? 'notifications-on' : 'notifications-off'}`, 303);
  });
}
