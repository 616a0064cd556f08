/**
 * Sign in and out, password reset by emailed link, and accepting an invitation.
 * GET /sign-in, POST /sign-in, GET /sign-out, GET|POST /password-reset,
 * GET|POST /password-reset/:token, GET|POST /invitations/:token.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { mergeErrors, pageFormSchema, parseForm, text } from '../form-validation.js';
import { newPasswordErrors } from '../../services/passwords.js';
import { z } from 'zod';
import { PERSON_LIMITS } from '../person-form.schema.js';
import type { Config } from '../../config.js';
import { findPasswordResetUser, requestPasswordReset, resetPassword, signIn, signOut } from '../../services/auth.service.js';
import { acceptInvitation, findInvitation } from '../../services/users.service.js';
import { field, safeReturnTo } from '../forms.view-model.js';
import { setPageLocals } from '../plugins/context.js';
import { clearSessionCookie, deviceToken, sessionToken, setDeviceCookie, setSessionCookie } from '../plugins/session.js';
import { invitationPage, newPasswordPage, passwordResetRequestPage, signInPage } from './auth.view-model.js';

/** Every accepted password reset request is answered no sooner than this after it arrived. */
export const PASSWORD_RESET_ANSWER_MS = 300;

async function waitUntil(deadline: number): Promise<void> {
  const left = deadline - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

const tokenParams = { params: { type: 'object', properties: { token: { type: 'string', maxLength: 100 } }, required: ['token'] } } as const;

/** Accepting an invitation: the person's name, within the limit stated in the hint (the service checks the password rules). */
const invitationSchema = z.object({ name: text('Full name', { max: PERSON_LIMITS.name, required: 'Enter your full name' }) });

export async function authRoutes(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const { config } = opts;

  const linkExpired = (reply: FastifyReply, kind: 'reset' | 'invitation') =>
    reply.code(410).view('auth/views/link-expired.njk', {
      pageTitle: kind === 'reset' ? 'Your password reset link has expired' : 'Your invitation has expired',
      kind,
    });

  app.get('/sign-in', { schema: { querystring: { type: 'object', properties: { returnTo: { type: 'string' }, reset: { type: 'string' } } } } }, async (request, reply) => {
    const query = request.query as { returnTo?: string };
    if (request.signedInUser()) return reply.redirect(safeReturnTo(query.returnTo));
    return reply.view('auth/views/sign-in.njk', signInPage({ returnTo: safeReturnTo(query.returnTo, '') }));
  });

  app.post('/sign-in', { schema: pageFormSchema }, async (request, reply) => {
    const email = field(request.body, 'email');
    const returnTo = safeReturnTo(field(request.body, 'returnTo'));
    const result = await signIn(request.serviceContext(), { email, password: field(request.body, 'password'), ip: request.ip, previousToken: sessionToken(request), deviceToken: deviceToken(request) });
    if (!result.ok) {
      return reply
        .code(result.reason === 'too_many_attempts' ? 429 : 400)
        .view('auth/views/sign-in.njk', signInPage({ email, returnTo: field(request.body, 'returnTo'), errors: result.errors }));
    }
    setSessionCookie(request, reply, config, result.token);
    setDeviceCookie(request, reply, config, result.deviceToken);
    return reply.redirect(returnTo, 303);
  });

  // Signing out is a POST with the CSRF token: a link on another site cannot sign people out.
  // GET shows the button (the header's "Sign out" link lands here).
  app.get('/sign-out', async (request, reply) => {
    if (!request.signedInUser()) return reply.view('auth/views/signed-out.njk', { pageTitle: 'You have signed out' });
    return reply.view('auth/views/sign-out.njk', { pageTitle: 'Sign out' });
  });

  app.post('/sign-out', { schema: pageFormSchema }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await signOut(request.serviceContext(), token);
    clearSessionCookie(request, reply, config);
    // The page is shown to someone who is no longer signed in.
    request.actor = { kind: 'anonymous' };
    request.sessionCsrfToken = null;
    setPageLocals(request, reply);
    return reply.view('auth/views/signed-out.njk', { pageTitle: 'You have signed out' });
  });

  // Password reset ----------------------------------------------------------------------------

  app.get('/password-reset', async (_request, reply) => reply.view('auth/views/password-reset-request.njk', passwordResetRequestPage({})));

  app.post('/password-reset', { schema: pageFormSchema }, async (request, reply) => {
    const email = field(request.body, 'email');
    const started = performance.now();
    const { errors } = await requestPasswordReset(request.serviceContext(), email);
    // Known and unknown addresses take the same time to answer (issue 14): nobody learns from the
    // timing who has an account. The work takes a few tens of milliseconds; the answer waits for
    // the same floor either way.
    if (!errors.length) await waitUntil(started + PASSWORD_RESET_ANSWER_MS);
    if (errors.length) return reply.code(400).view('auth/views/password-reset-request.njk', passwordResetRequestPage({ email, errors }));
    return reply.view('auth/views/password-reset-sent.njk', { pageTitle: 'Check your email', email: email.trim() });
  });

  app.get('/password-reset/:token', { schema: tokenParams }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const account = await findPasswordResetUser(request.serviceContext(), token);
    if (!account) return linkExpired(reply, 'reset');
    return reply.view('auth/views/new-password.njk', newPasswordPage({ email: account.email, action: `/password-reset/${token}` }));
  });

  app.post('/password-reset/:token', { schema: { ...tokenParams, ...pageFormSchema } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const ctx = request.serviceContext();
    const result = await resetPassword(ctx, token, field(request.body, 'password'), field(request.body, 'confirmPassword'));
    if (!result.ok && result.reason === 'invalid_link') return linkExpired(reply, 'reset');
    if (!result.ok) {
      const account = await findPasswordResetUser(ctx, token);
      return reply.code(400).view('auth/views/new-password.njk', newPasswordPage({ email: account?.email ?? '', action: `/password-reset/${token}`, errors: result.errors }));
    }
    setSessionCookie(request, reply, config, result.session.token);
    return reply.redirect('/home?notice=password-changed', 303);
  });

  // Invitations -------------------------------------------------------------------------------

  app.get('/invitations/:token', { schema: tokenParams }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const invitation = await findInvitation(request.serviceContext(), token);
    if (!invitation) return linkExpired(reply, 'invitation');
    return reply.view('auth/views/invitation.njk', invitationPage({ ...invitation, action: `/invitations/${token}` }));
  });

  app.post('/invitations/:token', { schema: { ...tokenParams, ...pageFormSchema } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const ctx = request.serviceContext();
    const name = field(request.body, 'name');
    const password = field(request.body, 'password');
    const confirmPassword = field(request.body, 'confirmPassword');
    const parsed = parseForm(invitationSchema, { name });
    if (!parsed.ok) {
      // Every problem at once: the name's and the password rules' (the service's own).
      const invitation = await findInvitation(ctx, token);
      if (!invitation) return linkExpired(reply, 'invitation');
      return reply.code(400).view('auth/views/invitation.njk', invitationPage({ ...invitation, name, action: `/invitations/${token}`, errors: mergeErrors(parsed.errors, newPasswordErrors(password, confirmPassword)) }));
    }
    const result = await acceptInvitation(ctx, token, { name, password, confirmPassword });
    if (!result.ok && result.reason === 'invalid_link') return linkExpired(reply, 'invitation');
    if (!result.ok) {
      const invitation = await findInvitation(ctx, token);
      if (!invitation) return linkExpired(reply, 'invitation');
      return reply.code(400).view('auth/views/invitation.njk', invitationPage({ ...invitation, name, action: `/invitations/${token}`, errors: result.errors }));
    }
    setSessionCookie(request, reply, config, result.session.token);
    return reply.redirect('/home?notice=welcome', 303);
  });
}
