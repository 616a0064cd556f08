/**
 * Mail. Every email is stored in `outbox_emails` in the caller's transaction, so it is
 * sent only if the change that caused it commits. With SMTP_URL set, a `send_email` job
 * (queued in the same transaction) delivers it with nodemailer; without it, the outbox
 * page (/admin/outbox) is the mailbox.
 */
import { sql } from 'kysely';
import type { Trx } from '../data/database.js';
import type { OutboxEmailsTable } from '../data/tables/foundation.tables.js';
import type { Selectable } from 'kysely';
import type { ServiceContext } from './context.js';
import { requireAllowed } from './access.js';
import { NotFoundError } from './errors.js';

export type OutboxEmail = Selectable<OutboxEmailsTable>;

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export async function queueEmail(trx: Trx, ctx: Pick<ServiceContext, 'config'>, message: EmailMessage): Promise<number> {
  const transport = ctx.config.smtpUrl ? 'smtp' : 'outbox';
  const row = await trx
    .insertInto('outbox_emails')
    .values({ to_address: message.to, subject: message.subject, text_body: message.text, transport })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (transport === 'smtp') {
    await sql`select graphile_worker.add_job('send_email', json_build_object('id', ${row.id}::bigint), max_attempts => 10)`.execute(trx);
  }
  return row.id;
}

export const OUTBOX_PAGE_SIZE = 50;

export const HIDDEN_LINK = '[link hidden: only the person it was sent to can use it]';

/**
 * Sign-in links (password reset, invitation) carry a secret that takes over an account, and a patient
 * participation group's link opens its feedback (ADR 0007): nobody but the recipient may see them. The outbox page shows them masked, and once an email has gone out
 * through SMTP the stored copy keeps the message without them.
 */
export function maskSecretLinks(text: string): string {
  return text.replace(/\S*\/(password-reset|invitations|group-feedback)\/[A-Za-z0-9_-]{16,}\S*/g, HIDDEN_LINK);
}

export async function listOutbox(ctx: ServiceContext, page: number): Promise<{ emails: OutboxEmail[]; total: number }> {
  requireAllowed(ctx, 'outbox.view');
  const total = await ctx.db.selectFrom('outbox_emails').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const emails = await ctx.db
    .selectFrom('outbox_emails')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  return { emails, total: Number(total.n) };
}

export async function getOutboxEmail(ctx: ServiceContext, id: string): Promise<OutboxEmail> {
  requireAllowed(ctx, 'outbox.view');
  if (!/^\d{1,15}$/.test(id)) throw new NotFoundError();
  const email = await ctx.db.selectFrom('outbox_emails').selectAll().where('id', '=', Number(id)).executeTakeFirst();
  if (!email) throw new NotFoundError();
  return { ...email, text_body: maskSecretLinks(email.text_body) };
}

/**
 * Delivers one queued email through `send` (the SMTP transport) and records the outcome.
 * Already-sent emails are skipped, so a retried job never sends twice after a success. Once sent, or
 * once the last attempt has failed, the stored copy keeps the message without its live links.
 */
export async function deliverQueuedEmail(db: ServiceContext['db'], id: number, send: (message: EmailMessage) => Promise<void>, now: () => Date, opts: { lastAttempt?: boolean } = {}): Promise<'sent' | 'already-sent' | 'missing'> {
  const email = await db.selectFrom('outbox_emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!email) return 'missing';
  if (email.sent_at) return 'already-sent';
  try {
    await send({ to: email.to_address, subject: email.subject, text: email.text_body });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Given up for good: nobody will send it now, so the stored copy keeps no live link either.
    await db.updateTable('outbox_emails').set({ error: message.slice(0, 1000), ...(opts.lastAttempt ? { text_body: maskSecretLinks(email.text_body) } : {}) }).where('id', '=', id).execute();
    throw e;
  }
  // Sent: the stored copy keeps the message without its live links.
  await db.updateTable('outbox_emails').set({ sent_at: now(), error: null, text_body: maskSecretLinks(email.text_body) }).where('id', '=', id).execute();
  return 'sent';
}
