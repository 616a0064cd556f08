import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db, Trx } from '../data/database.js';
import { type Role } from '../domain/vocabulary/roles.js';
import type { Clock } from '../domain/shared/clock.js';
import type { Logger } from '../logger.js';

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  isOrgAdmin: boolean;
}

export type Actor =
  | { kind: 'user'; user: SignedInUser }
  | { kind: 'system'; label: string }
  | { kind: 'anonymous' };

/** Everything a use case needs: who is asking, where the data is, what time it is. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  correlationId: string;
  clock: Clock;
  config: Config;
  logger: Logger;
}

export const systemClock: Clock = { now: () => new Date() };

export function systemActor(label: string): Actor {
  return { kind: 'system', label };
}

export function newCorrelationId(): string {
  return randomUUID();
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `${actor.user.name} <${actor.user.email}>`;
    case 'system':
      return `system:${actor.label}`;
    case 'anonymous':
      return 'anonymous';
  }
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.user.id : null;
}

/** One transaction per use case. */
export function inTransaction<T>(ctx: Pick<ServiceContext, 'db'>, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(fn);
}
