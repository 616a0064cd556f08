/**
 * Issue 16, item 5: a patient participation group (PPG) sees what became of its group feedback
 * (ADR 0007). Groups have no accounts: the group's page is reached through a private link sent to
 * the group's contact email. The link carries a random token; only its SHA-256 is stored, so a
 * copy of the database opens no group's page. A group has at most one working link: a new one
 * (asked for on /group-feedback, or sent with the group's first feedback) replaces the old, and the
 * group can stop its link from its page. The page shows the group's own feedback, its status, what
 * the regulator did and the service's response (or that none came by the date set), never anyone's
 * contact details.
 */
import type { FeedbackOutcome, FeedbackStatus } from '../../data/tables/after-report.tables.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import type { ServiceContext } from '../context.js';
import { sharedStatus, type SharedStatus } from './feedback-response.service.js';
import { OUTCOME_TEXT, STATUS_TEXT } from './feedback-triage.service.js';
import { workingLink } from './group-feedback-links.service.js';

export interface GroupFeedbackItem {
  reference: string;
  locationName: string;
  receivedAt: Date;
  happenedOn: string;
  happenedPrecision: 'day' | 'month';
  whatHappened: string;
  status: FeedbackStatus;
  statusText: string;
  outcome: FeedbackOutcome | null;
  outcomeText: string | null;
  closedAt: Date | null;
  shared: SharedStatus | null;
}

export interface GroupFeedbackPage {
  groupName: string;
  practiceName: string;
  items: GroupFeedbackItem[];
}

/** The group's page, or null when the link is unknown or no longer works. */
export async function groupFeedbackByLink(ctx: ServiceContext, token: string): Promise<GroupFeedbackPage | null> {
  const link = await workingLink(ctx, token);
  if (!link) return null;
  // Only what the group itself sent: never the member's name, email or phone.
  const rows = await ctx.db
    .selectFrom('feedback')
    .select(['reference', 'location_name', 'received_at', 'happened_on', 'happened_precision', 'what_happened', 'status', 'outcome', 'closed_at', 'shared_at', 'response_due', 'response', 'responded_at'])
    .where('patient_participation_group_id', '=', link.group_id)
    .orderBy('received_at', 'desc')
    .orderBy('reference')
    .limit(200)
    .execute();
  const today = londonDate(ctx.clock.now());
  return {
    groupName: link.group_name,
    practiceName: link.practice_name,
    items: rows.map((r) => ({
      reference: r.reference,
      locationName: r.location_name,
      receivedAt: r.received_at,
      happenedOn: r.happened_on,
      happenedPrecision: r.happened_precision,
      whatHappened: r.what_happened,
      status: r.status,
      statusText: STATUS_TEXT[r.status],
      outcome: r.status === 'closed' ? r.outcome : null,
      outcomeText: r.status === 'closed' && r.outcome ? OUTCOME_TEXT[r.outcome] : null,
      closedAt: r.closed_at,
      shared: sharedStatus(r, today),
    })),
  };
}
