/**
 * The private links of patient participation groups (ADR 0007): made, emailed to the group's
 * contact address, replaced and stopped. Only the SHA-256 of a link's random token is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Trx } from '../../data/database.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ValidationError } from '../errors.js';
import { queueEmail } from '../mail.service.js';

export const GROUP_LINK_PREFIX = '/group-feedback/';
/** A group asking again within this many minutes gets no second email (the answer on screen is the same). */
export const GROUP_LINK_RESEND_MINUTES = 10;
export const GROUP_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function hashGroupToken(token: string): string {
  return createHash('sha256').update(`ppg-link|${token}`).digest('hex');
}

export function groupLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}${GROUP_LINK_PREFIX}${token}`;
}

/**
 * Makes the group's new private link (replacing any working one) and emails it to the group's
 * contact address, inside the caller's transaction. Returns the token (for the caller's tests and
 * the demo's summary), or null when the group has no contact email.
 */
export async function issueGroupLink(trx: Trx, ctx: ServiceContext, groupId: string, reason: 'requested' | 'group_feedback_sent'): Promise<string | null> {
  const group = await trx.selectFrom('patient_participation_groups').select(['id', 'name', 'contact_email']).where('id', '=', groupId).forUpdate().executeTakeFirst();
  if (!group?.contact_email) return null;
  const now = ctx.clock.now();
  const replaced = await trx
    .updateTable('ppg_access_links')
    .set({ revoked_at: now, revoked_reason: 'replaced' })
    .where('patient_participation_group_id', '=', group.id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  const token = randomBytes(32).toString('base64url');
  const link = await trx
    .insertInto('ppg_access_links')
    .values({ patient_participation_group_id: group.id, token_hash: hashGroupToken(token), sent_to: group.contact_email, reason, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const url = groupLinkUrl(ctx.config.baseUrl, token);
  await queueEmail(trx, ctx, {
    to: group.contact_email,
    subject: `${group.name}: see what became of your group's feedback`,
    text: [
      `This is the private link for ${group.name} to see the feedback the group has sent us about its practice, what we did with it and the practice's response:`,
      url,
      'Anyone with this link can see the group’s feedback, so share it only with the group’s members. It does not show anyone’s contact details.',
      ...(replaced.length ? ['The link we sent before no longer works.'] : []),
      `You can stop this link working from the page itself, or ask for a new one (which replaces this one) at ${ctx.config.baseUrl.replace(/\/$/, '')}/group-feedback`,
    ].join('\n\n'),
  });
  await recordAudit(trx, ctx, { action: 'PPG_LINK_ISSUED', subjectType: 'patient_participation_group', subjectId: group.id, after: { link_id: link.id, reason, replaced: replaced.length } });
  return token;
}

/**
 * Someone asks for the group's link by giving the group's contact email. The answer on screen is
 * the same whether or not a group uses that address (nothing tells a stranger which addresses
 * belong to groups); only the group's own inbox receives the link.
 */
export async function requestGroupLink(ctx: ServiceContext, emailInput: string): Promise<{ email: string }> {
  const email = emailInput.trim();
  if (!email) throw new ValidationError([{ field: 'email', message: 'Enter your group’s email address' }]);
  if (!EMAIL.test(email) || email.length > 254) throw new ValidationError([{ field: 'email', message: 'Enter an email address in the correct format, like ppg@example.com' }]);
  const groups = await ctx.db.selectFrom('patient_participation_groups').select('id').where((eb) => eb(eb.fn('lower', ['contact_email']), '=', email.toLowerCase())).execute();
  const since = new Date(ctx.clock.now().getTime() - GROUP_LINK_RESEND_MINUTES * 60_000);
  for (const g of groups) {
    await inTransaction(ctx, async (trx) => {
      const recent = await trx.selectFrom('ppg_access_links').select('id').where('patient_participation_group_id', '=', g.id).where('created_at', '>', since).executeTakeFirst();
      if (!recent) await issueGroupLink(trx, ctx, g.id, 'requested');
    });
  }
  return { email };
}

/** When a group's feedback is sent and the group has no working link yet, the group's address gets one. */
export async function linkGroupOnFeedback(trx: Trx, ctx: ServiceContext, groupId: string): Promise<void> {
  const working = await trx.selectFrom('ppg_access_links').select('id').where('patient_participation_group_id', '=', groupId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!working) await issueGroupLink(trx, ctx, groupId, 'group_feedback_sent');
}

export async function workingLink(ctx: ServiceContext, token: string) {
  if (!GROUP_TOKEN.test(token)) return undefined;
  return ctx.db
    .selectFrom('ppg_access_links as l')
    .innerJoin('patient_participation_groups as g', 'g.id', 'l.patient_participation_group_id')
    .innerJoin('organisations as o', 'o.id', 'g.organisation_id')
    .select(['l.id', 'g.id as group_id', 'g.name as group_name', 'o.name as practice_name'])
    .where('l.token_hash', '=', hashGroupToken(token))
    .where('l.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The group stops its own link (from its page). Returns false when the link was not working anyway. */
export async function stopGroupLink(ctx: ServiceContext, token: string): Promise<boolean> {
  const link = await workingLink(ctx, token);
  if (!link) return false;
  await inTransaction(ctx, async (trx) => {
    await trx.updateTable('ppg_access_links').set({ revoked_at: ctx.clock.now(), revoked_reason: 'stopped_by_group' }).where('id', '=', link.id).where('revoked_at', 'is', null).execute();
    await recordAudit(trx, ctx, { action: 'PPG_LINK_STOPPED', subjectType: 'patient_participation_group', subjectId: link.group_id, after: { link_id: link.id } });
  });
  return true;
}
