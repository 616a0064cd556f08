/**
 * The notification scope of a personal access token (issue 19): a provider's own system may
 * submit statutory notifications through /api/v1 only with a token its user has given this
 * scope. One column (personal_access_tokens.scope_notifications); authenticatePersonalAccessToken
 * adds the scope to the token's scopes, so the route guard checks it (ROUTE_TOKEN_SCOPES) like any
 * other. Only a signed-in person changes it (the guard refuses a token managing tokens): on the API
 * tokens page, or PUT /api/v1/tokens/:id/scopes/notifications from a session.
 */
import { NOTIFICATIONS_SUBMIT_SCOPE } from '../../domain/access/permissions.js';
import { isUuid } from '../../data/repositories/inspection.repository.js';
import { recordAudit } from '../audit.service.js';
import { requireUser } from '../authorisation.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { sha256Hex } from '../tokens.js';

export const NOTIFICATION_SCOPE = NOTIFICATIONS_SUBMIT_SCOPE;

export async function setNotificationScope(ctx: ServiceContext, tokenId: string, enabled: boolean): Promise<{ tokenId: string; scopes: string[] }> {
  const user = requireUser(ctx);
  if (!isUuid(tokenId)) throw new NotFoundError('No token found');
  return inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('personal_access_tokens').select(['id', 'scope_notifications', 'revoked_at']).where('id', '=', tokenId).where('user_id', '=', user.id).forUpdate().executeTakeFirst();
    if (!row || row.revoked_at) throw new NotFoundError('No token found');
    if (row.scope_notifications !== enabled) {
      await trx.updateTable('personal_access_tokens').set({ scope_notifications: enabled }).where('id', '=', tokenId).execute();
      await recordAudit(trx, ctx, { action: enabled ? 'API_TOKEN_SCOPE_GRANTED' : 'API_TOKEN_SCOPE_REMOVED', subjectType: 'user', subjectId: user.id, after: { tokenId, scope: NOTIFICATION_SCOPE } });
    }
    return { tokenId, scopes: enabled ? [NOTIFICATION_SCOPE] : [] };
  });
}

/** Refuses a bearer token without the notification scope (a signed-in browser session needs none). */
export async function requireNotificationScope(ctx: Pick<ServiceContext, 'db'>, authorization: string | undefined): Promise<void> {
  const m = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!m?.[1]) return;
  const row = await ctx.db.selectFrom('personal_access_tokens').select('scope_notifications').where('token_hash', '=', sha256Hex(m[1])).executeTakeFirst();
  if (!row?.scope_notifications) throw new ForbiddenError(`This access token may not submit notifications: sign in and give it the "${NOTIFICATION_SCOPE}" scope on your API tokens page`);
}
