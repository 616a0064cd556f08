/**
 * The demo world for ADR 0007 (issue 16, item 5: the PPG sees what became of its group feedback):
 * Stopsley's patient participation group's feedback (sent in September 2025 by the after-report
 * part) is shared with the practice so it can answer the group, and its practice manager answers.
 * The group's private link went to the group's email address when the feedback was sent; the
 * demo makes one more and prints it in its summary, since the outbox masks the group's links. Idempotent: each piece is looked for
 * before it is made.
 */
import { parseRole } from '../../domain/vocabulary/roles.js';
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { fixedClock } from '../../domain/shared/clock.js';
import { inTransaction, type ServiceContext, type SignedInUser } from '../context.js';
import { respondToFeedback } from '../feedback/feedback-response.service.js';
import { triageFeedback } from '../feedback/feedback-triage.service.js';
import { groupLinkUrl, issueGroupLink } from '../feedback/group-feedback-links.service.js';
import { STOPSLEY_PPG } from './luton-organisations.demo.js';

export const GROUP_SHARED_AT = '2025-09-17T10:00:00Z';
export const GROUP_RESPONDED_AT = '2025-09-26T15:30:00Z';
export const GROUP_RESPONSE =
  'Thank you to the group for this. We will keep meeting you every quarter, share our plans before we make changes, and report back at each meeting on what we changed because of what patients told you.';

async function actor(ctx: ServiceContext, email: string): Promise<SignedInUser | null> {
  const u = await findUserByEmail(ctx.db, email);
  return u ? { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin } : null;
}

export async function loadGroupFeedbackDemo(ctx: ServiceContext): Promise<string[]> {
  const group = await ctx.db.selectFrom('patient_participation_groups').select(['id', 'contact_email']).where('name', '=', STOPSLEY_PPG.name).executeTakeFirst();
  if (!group) return ['Stopsley patient participation group: not there, so its feedback page was not set up'];
  const lines: string[] = [];
  const feedback = await ctx.db.selectFrom('feedback').select(['id', 'shared_at', 'response']).where('patient_participation_group_id', '=', group.id).orderBy('received_at').executeTakeFirst();
  const inspector = await actor(ctx, 'daniel.osei@inspectorate.example');
  const practiceManager = await actor(ctx, 'sarah.mitchell@nhs.example');
  if (!feedback || !inspector || !practiceManager) lines.push('Stopsley patient participation group feedback answered: its feedback or the demo people are missing, skipped');
  else if (feedback.response) lines.push('Stopsley patient participation group feedback shared and answered: already there');
  else {
    if (!feedback.shared_at) {
      await triageFeedback({ ...ctx, actor: { kind: 'user', user: inspector }, clock: fixedClock(GROUP_SHARED_AT) }, feedback.id, {
        status: 'closed',
        outcome: 'shared_with_provider',
        note: 'Positive feedback from the patient participation group about two-way communication: shared with the practice so it can reply to the group.',
        inspectionId: '',
      });
    }
    await respondToFeedback({ ...ctx, actor: { kind: 'user', user: practiceManager }, clock: fixedClock(GROUP_RESPONDED_AT) }, feedback.id, { response: GROUP_RESPONSE });
    lines.push('Stopsley patient participation group feedback shared with the practice (Wednesday 17 September 2025) and answered by its practice manager (Friday 26 September 2025)');
  }
  // The link sent with the group's feedback is in the outbox, masked (only the group may see it), so
  // the demo makes one more for the group and prints it, once: a demo user can open the group's page.
  const demoLink = await ctx.db.selectFrom('ppg_access_links').select('id').where('patient_participation_group_id', '=', group.id).where('reason', '=', 'requested').executeTakeFirst();
  if (demoLink) lines.push('Stopsley patient participation group’s private link: already made (ask for a new one at /group-feedback with ppg.stopsley@nhs.example)');
  else if (group.contact_email) {
    const at = { ...ctx, clock: fixedClock(GROUP_RESPONDED_AT) };
    const token = await inTransaction(at, (trx) => issueGroupLink(trx, at, group.id, 'requested'));
    if (token) lines.push(`Stopsley patient participation group’s private link (demo only): ${groupLinkUrl(ctx.config.baseUrl, token)}`);
  }
  return lines;
}
