/**
 * Give feedback on care (public, no account): find the service, tell us what happened, get a
 * reference. Abuse protection: a per-connection limit counted in PostgreSQL (so it holds across
 * processes) and a honeypot field; both refuse with a clear message, never a silent drop.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { searchLocations } from '../../data/repositories/register.repository.js';
import type { Trx } from '../../data/database.js';
import type { RegisterLocation } from '../../data/tables/register.tables.js';
import { feedbackThemes } from '../../domain/feedback/feedback-themes.js';
import { checkFeedbackForm, rateLimitDecision, type FeedbackForm, type FieldProblem } from '../../domain/feedback/feedback-submission.js';
import { assessRisk } from '../../domain/feedback/risk-phrases.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { linkGroupOnFeedback } from './group-feedback-links.service.js';
import { feedbackPath, feedbackStatusPath } from '../../domain/shared/app-paths.js';

export interface FeedbackTarget {
  location: Pick<RegisterLocation, 'location_id' | 'name' | 'town' | 'postcode' | 'organisation_id' | 'type'>;
  groups: { id: string; name: string }[];
}

export async function findServicesForFeedback(ctx: ServiceContext, q: string): Promise<{ total: number; rows: { locationId: string; name: string; address: string; type: string | null }[] }> {
  const text = q.trim();
  if (!text) return { total: 0, rows: [] };
  const result = await searchLocations(ctx.db, { q: text.slice(0, 200), registeredOnly: true }, { sort: 'relevance', limit: 20, offset: 0 });
  return {
    total: result.total,
    rows: result.rows.map((r) => ({ locationId: r.location_id, name: r.name, address: [r.town, r.postcode].filter(Boolean).join(', '), type: r.type })),
  };
}

export async function getFeedbackTarget(ctx: ServiceContext, locationId: string): Promise<FeedbackTarget> {
  const location = await ctx.db
    .selectFrom('register_locations')
    .select(['location_id', 'name', 'town', 'postcode', 'organisation_id', 'type'])
    .where('location_id', '=', locationId)
    .where('registration_status', '=', 'Registered')
    .executeTakeFirst();
  if (!location) throw new NotFoundError('No registered service with that id');
  const groups = await ctx.db.selectFrom('patient_participation_groups').select(['id', 'name']).where('organisation_id', '=', location.organisation_id).orderBy('name').execute();
  return { location, groups };
}

export function clientKey(ip: string): string {
  return createHash('sha256').update(`feedback-client|${ip}`).digest('hex');
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newFeedbackReference(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `FB-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

/** "fb 7k2m 9qxz", "FB-7K2M-9QXZ" and "7k2m9qxz" are the same reference. */
export function normaliseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/^FB/, '');
  if (!/^[2-9A-HJ-NP-Z]{8}$/.test(compact)) return null;
  return `FB-${compact.slice(0, 4)}-${compact.slice(4)}`;
}

export type SubmitResult =
  | { kind: 'accepted'; reference: string }
  | { kind: 'invalid'; errors: FieldProblem[] }
  | { kind: 'refused'; status: 429 | 400; errors: FieldProblem[]; retryAfterSeconds?: number };

export const HONEYPOT_MESSAGE =
  'We could not send your feedback because the box labelled "Leave this box empty" has something in it (sometimes a browser fills it in by itself). Clear that box and send your feedback again.';

async function recordAttempt(trx: Trx, key: string, at: Date, outcome: 'accepted' | 'rate_limited' | 'honeypot'): Promise<void> {
  await trx.insertInto('feedback_submission_attempts').values({ client_key: key, attempted_at: at, outcome }).execute();
}

export async function submitFeedback(ctx: ServiceContext, locationId: string, form: FeedbackForm, ip: string): Promise<SubmitResult> {
  const target = await getFeedbackTarget(ctx, locationId);
  const now = ctx.clock.now();
  const key = clientKey(ip);
  return inTransaction(ctx, async (trx) => {
    // One connection's submissions are counted one at a time, so a parallel flood cannot slip past the limit.
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    if (form.website.trim() !== '') {
      await recordAttempt(trx, key, now, 'honeypot');
      return { kind: 'refused', status: 400, errors: [{ field: 'website', message: HONEYPOT_MESSAGE }] } as const;
    }
    const counts = await trx
      .selectFrom('feedback_submission_attempts')
      .select([
        sql<number>`count(*) filter (where attempted_at > ${new Date(now.getTime() - 3_600_000)} and outcome = 'accepted')`.as('last_hour'),
        sql<number>`count(*) filter (where outcome = 'accepted')`.as('last_day'),
      ])
      .where('client_key', '=', key)
      .where('attempted_at', '>', new Date(now.getTime() - 86_400_000))
      .executeTakeFirstOrThrow();
    const decision = rateLimitDecision({ lastHour: Number(counts.last_hour), lastDay: Number(counts.last_day) });
    if (!decision.allowed) {
      await recordAttempt(trx, key, now, 'rate_limited');
      return { kind: 'refused', status: 429, errors: [{ field: 'whatHappened', message: decision.message }], retryAfterSeconds: decision.retryAfterSeconds } as const;
    }
    const checked = checkFeedbackForm(form, now.toISOString().slice(0, 10), target.groups.map((g) => g.id));
    if (!checked.ok) return { kind: 'invalid', errors: checked.error } as const;
    const f = checked.value;
    const risk = assessRisk(f.whatHappened);
    const reference = newFeedbackReference();
    const row = await trx
      .insertInto('feedback')
      .values({
        reference,
        organisation_id: target.location.organisation_id,
        location_id: target.location.location_id,
        location_name: target.location.name,
        submitted_as: f.submittedAs,
        patient_participation_group_id: f.groupId,
        what_happened: f.whatHappened,
        happened_on: f.happenedOn,
        happened_precision: f.happenedPrecision,
        contact_name: f.contactName,
        contact_email: f.contactEmail,
        contact_phone: f.contactPhone,
        may_contact: f.mayContact,
        risk_flagged: risk.flagged,
        risk_matches: JSON.stringify(risk.matches),
        risk_rule_version: risk.version,
        themes: feedbackThemes(f.whatHappened),
        received_at: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAttempt(trx, key, now, 'accepted');
    await recordAudit(trx, ctx, {
      action: 'FEEDBACK_RECEIVED',
      subjectType: 'feedback',
      subjectId: row.id,
      // The text and contact details stay in the feedback row; the audit row says what happened.
      after: { reference, location_id: target.location.location_id, submitted_as: f.submittedAs, risk_flagged: risk.flagged, risk_rule_version: risk.version },
    });
    // ADR 0007: the group's own address gets its private link to follow its feedback, once.
    if (f.submittedAs === 'patient_participation_group' && f.groupId) await linkGroupOnFeedback(trx, ctx, f.groupId);
    if (f.contactEmail) {
      await queueEmail(trx, ctx, {
        to: f.contactEmail,
        subject: `Your feedback about ${target.location.name}: reference ${reference}`,
        text: [
          `Thank you for telling us about your experience of ${target.location.name}.`,
          `Your reference is ${reference}. Use it to check what we have done with your feedback: ${ctx.config.baseUrl}${feedbackStatusPath()}`,
          'We read every piece of feedback. We may not reply to each one, but we use what people tell us to decide when and where to inspect.',
        ].join('\n\n'),
      });
    }
    if (risk.flagged) {
      const managers = await trx.selectFrom('users').select('id').where('role', '=', 'inspection_manager').where('status', '=', 'active').execute();
      for (const m of managers)
        await notify(trx, { userId: m.id, title: `Urgent feedback about ${target.location.name}`, body: `Feedback ${reference} may mean someone is at risk: ${risk.explanation}`, link: feedbackPath(row.id) });
    }
    return { kind: 'accepted', reference } as const;
  });
}
