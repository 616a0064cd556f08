/** In-app notifications shown on a user's home page. Any feature can notify inside its own transaction. */
import type { Trx } from '../data/database.js';
import type { NotificationsTable } from '../data/tables/foundation.tables.js';
import type { Selectable } from 'kysely';
import { requireUser } from './authorisation.js';
import type { ServiceContext } from './context.js';

export type Notification = Selectable<NotificationsTable>;

export interface NewNotification {
  userId: string;
  title: string;
  body: string;
  /** A local path, e.g. /inspections/123 */
  link?: string | null;
}

export async function notify(trx: Trx, notification: NewNotification): Promise<void> {
  await trx
    .insertInto('notifications')
    .values({ user_id: notification.userId, title: notification.title, body: notification.body, link: notification.link ?? null })
    .execute();
}

/** The signed-in user's most recent notifications, unread first. */
export async function listMyNotifications(ctx: ServiceContext, limit = 20): Promise<Notification[]> {
  const user = requireUser(ctx);
  return ctx.db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy((eb) => eb.case().when('read_at', 'is', null).then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
