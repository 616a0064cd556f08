import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import type { Db } from '../../data/database.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { Logger } from '../../logger.js';
import type { Actor, ServiceContext, SignedInUser } from '../../services/context.js';
import { buildLayout } from '../layout.view-model.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: set by the session plugin, anonymous otherwise. */
    actor: Actor;
    /** The service context for this request (same transaction rules for every adapter). */
    serviceContext(): ServiceContext;
    signedInUser(): SignedInUser | null;
  }
}

export interface ContextDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}

/** Gives every request an actor, a service context and the layout view-model for pages. */
export const contextPlugin = fp(async (app: FastifyInstance, deps: ContextDeps) => {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('serviceContext', function (this: FastifyRequest): ServiceContext {
    return { db: deps.db, actor: this.actor, correlationId: String(this.id), clock: deps.clock, config: deps.config, logger: deps.logger };
  });
  app.decorateRequest('signedInUser', function (this: FastifyRequest): SignedInUser | null {
    return this.actor.kind === 'user' ? this.actor.user : null;
  });
  app.addHook('onRequest', async (request) => {
    request.actor = { kind: 'anonymous' };
  });
  // After authentication has run, pages get the layout for this actor.
  app.addHook('preHandler', async (request, reply) => {
    setPageLocals(request, reply);
  });
});

/** The layout and CSP nonce every page template needs (also called by the error handler, which may run before preHandler). */
export function setPageLocals(request: FastifyRequest, reply: FastifyReply): void {
  const r = reply as unknown as { locals?: Record<string, unknown> };
  const locals = (r.locals ??= {});
  locals['layout'] = buildLayout(request.signedInUser(), request.url.split('?')[0] ?? '/');
  locals['cspNonce'] = (reply as unknown as { cspNonce?: { script?: string } }).cspNonce?.script;
}
