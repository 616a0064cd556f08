/**
 * Who is asking. What they may do is the declared table's to say (src/domain/access/permissions.ts,
 * asked through src/services/access.ts), checked in the service on every call, never only by hiding links.
 */
import type { ServiceContext, SignedInUser } from './context.js';
import { UnauthenticatedError } from './errors.js';

/** The signed-in user, or a redirect to sign in. */
export function requireUser(ctx: Pick<ServiceContext, 'actor'>): SignedInUser {
  if (ctx.actor.kind !== 'user') throw new UnauthenticatedError();
  return ctx.actor.user;
}

export function isSystem(ctx: Pick<ServiceContext, 'actor'>): boolean {
  return ctx.actor.kind === 'system';
}
