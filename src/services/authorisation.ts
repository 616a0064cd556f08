/** Who may do what: checked in the service on every call, never only by hiding links. */
import { type Role } from '../domain/vocabulary/roles.js';
import type { ServiceContext, SignedInUser } from './context.js';
import { NotFoundError, UnauthenticatedError } from './errors.js';

/** The signed-in user, or a redirect to sign in. */
export function requireUser(ctx: Pick<ServiceContext, 'actor'>): SignedInUser {
  if (ctx.actor.kind !== 'user') throw new UnauthenticatedError();
  return ctx.actor.user;
}

/**
 * The signed-in user when they hold one of the roles. Anyone else gets "not found":
 * a page they may not use is a page that, for them, does not exist.
 */
export function requireRole(ctx: Pick<ServiceContext, 'actor'>, roles: readonly Role[]): SignedInUser {
  const user = requireUser(ctx);
  if (!roles.includes(user.role)) throw new NotFoundError();
  return user;
}

export function isSystem(ctx: Pick<ServiceContext, 'actor'>): boolean {
  return ctx.actor.kind === 'system';
}
