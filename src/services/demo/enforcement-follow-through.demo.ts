/**
 * The demo world for issue 16 (enforcement followed through), for Stopsley Village Practice:
 * - its warning notice (issued Friday 24 October 2025 by the fieldwork part, to comply by
 *   Friday 19 December 2025) is checked by a focused follow-up inspection of well-led on
 *   Tuesday 13 January 2026 (within the window to check compliance), and the enforcement officer
 *   records on Thursday 15 January 2026 that the practice complied: the public location page and
 *   the public API then show the notice as met;
 * - a piece of feedback about call backs, sent in March 2026, shared with the practice so it can
 *   respond, and answered by its practice manager.
 * Runs after the report part (the enforcement summary is public once the report is). Every step
 * goes through the services with the demo people and historical clocks. Idempotent: each piece is
 * looked for (and its state read) before it is made.
 */
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { recordComplianceDecision } from '../fieldwork/enforcement-compliance.service.js';
import { createEvidenceItem } from '../fieldwork/evidence-items.service.js';
import { respondToFeedback } from '../feedback/feedback-response.service.js';
import { submitFeedback } from '../feedback/feedback-submission.service.js';
import { triageFeedback } from '../feedback/feedback-triage.service.js';
import { changeInspectionState } from '../inspections/inspection-lifecycle.service.js';
import { confirmInspectionTeam, createInspection } from '../inspections/inspection-plan.service.js';
import { STOPSLEY_INSPECTION } from './inspections-planning.demo.js';
import { parseRole } from '../../domain/vocabulary/roles.js';

type Ctx = ServiceContext;

export const STOPSLEY_FOLLOW_UP = { fieldworkStart: '2026-01-13', fieldworkEnd: '2026-01-13', decidedAt: '2026-01-15T14:00:00Z' } as const;

export const COMPLIANCE_EVIDENCE =
  'At the focused follow-up inspection on 13 January 2026 the practice showed a working system for significant events: each of the 7 events since November 2025 was logged, reviewed at the monthly governance meeting with minutes, and the learning shared with the whole team. A safeguarding lead is named, the safeguarding register is reviewed monthly and risk assessments are up to date. The practice did what the warning notice required.';

export const SHARED_FEEDBACK_TEXT = 'I asked the reception team for a call back about my blood test results on 2 March. Nobody called me back and I had to phone again two days later.';

export const PRACTICE_RESPONSE =
  'Thank you for telling us, and we are sorry nobody called you back. Since April every call back request is logged with a named member of staff and a time, and the duty GP checks the list at the end of each day so none is missed.';

async function actor(ctx: Ctx, email: string): Promise<SignedInUser | null> {
  const u = await findUserByEmail(ctx.db, email);
  return u ? { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin } : null;
}

function as(ctx: Ctx, user: SignedInUser, at: string): Ctx {
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

async function followUpInspection(ctx: Ctx, locationId: string) {
  return ctx.db.selectFrom('inspections').select(['id', 'state', 'reference', 'team_confirmed_at']).where('subject_type', '=', 'location').where('subject_organisation_id', '=', locationId).where('fieldwork_start', '=', STOPSLEY_FOLLOW_UP.fieldworkStart).executeTakeFirst();
}

async function loadComplianceCheck(ctx: Ctx, locationId: string): Promise<string[]> {
  const lines: string[] = [];
  const lead = await actor(ctx, 'daniel.osei@inspectorate.example');
  const manager = await actor(ctx, 'helen.carter@inspectorate.example');
  const officer = await actor(ctx, 'marcus.bennett@inspectorate.example');
  const practiceManager = await actor(ctx, 'sarah.mitchell@nhs.example');
  if (!lead || !manager || !officer || !practiceManager) return ['Stopsley Village Practice follow-up: demo people missing, skipped'];
  const notice = await ctx.db
    .selectFrom('enforcement_actions as a')
    .innerJoin('inspections as i', 'i.id', 'a.inspection_id')
    .select(['a.id', 'a.state', 'a.compliance_decision'])
    .where('i.subject_organisation_id', '=', locationId)
    .where('i.fieldwork_start', '=', STOPSLEY_INSPECTION.fieldworkStart)
    .where('a.kind', '=', 'warning-notice')
    .executeTakeFirst();
  if (!notice || notice.state === 'draft') return ['Stopsley Village Practice follow-up: the warning notice is not issued (fieldwork part missing), skipped'];

  let row = await followUpInspection(ctx, locationId);
  if (!row) {
    await createInspection(as(ctx, manager, '2025-12-22T10:00:00Z'), {
      kind: 'focused',
      noticeType: 'announced',
      subject: { type: 'location', organisationId: locationId },
      keyQuestions: ['wellLed'],
      fieldworkStart: STOPSLEY_FOLLOW_UP.fieldworkStart,
      fieldworkEnd: STOPSLEY_FOLLOW_UP.fieldworkEnd,
      plannedNotificationDate: '2026-01-06',
      team: [
        { userId: lead.id, role: 'lead_inspector' },
        { userId: manager.id, role: 'inspection_manager' },
      ],
      contacts: [{ userId: practiceManager.id, role: 'practice_manager' }],
    });
    row = (await followUpInspection(ctx, locationId))!;
    lines.push(`Stopsley Village Practice: focused follow-up of the warning notice planned for Tuesday 13 January 2026 (${row.reference})`);
  }
  if (row.state === 'planned') {
    if (!row.team_confirmed_at) await confirmInspectionTeam(as(ctx, manager, '2025-12-22T10:05:00Z'), row.id);
    await changeInspectionState(as(ctx, lead, '2026-01-06T09:00:00Z'), row.id, { event: 'notify' });
    lines.push('Stopsley Village Practice follow-up: notified Tuesday 6 January 2026');
  }
  let state = (await ctx.db.selectFrom('inspections').select('state').where('id', '=', row.id).executeTakeFirstOrThrow()).state;
  if (state === 'notified') {
    await changeInspectionState(as(ctx, lead, '2026-01-13T08:30:00Z'), row.id, { event: 'start_fieldwork' });
    state = 'fieldwork';
  }
  if (state === 'fieldwork') {
    const evidence = await ctx.db.selectFrom('evidence_items').select('id').where('inspection_id', '=', row.id).limit(1).executeTakeFirst();
    if (!evidence) {
      await createEvidenceItem(as(ctx, lead, '2026-01-13T14:00:00Z'), row.id, {
        type: 'record_review',
        qualityStatements: ['W5', 'W7'],
        evidenceCategory: 'processes',
        refersToDate: '2026-01-13',
        body: 'Significant events log November 2025 to January 2026: 7 events, each reviewed at the monthly governance meeting, with minutes and the learning shared with the team.',
        status: 'recorded',
      });
    }
    await changeInspectionState(as(ctx, lead, '2026-01-13T16:30:00Z'), row.id, { event: 'end_fieldwork' });
    lines.push('Stopsley Village Practice follow-up: fieldwork on Tuesday 13 January 2026, significant events log reviewed');
  }
  if (!notice.compliance_decision) {
    await recordComplianceDecision(as(ctx, officer, STOPSLEY_FOLLOW_UP.decidedAt), notice.id, { decision: 'complied', evidence: COMPLIANCE_EVIDENCE });
    lines.push('Stopsley Village Practice: warning notice complied with (met), recorded Thursday 15 January 2026');
  }
  return lines.length ? lines : ['Stopsley Village Practice follow-up of the warning notice: already there'];
}

async function loadAnsweredFeedback(ctx: Ctx, locationId: string): Promise<string> {
  const existing = await ctx.db.selectFrom('feedback').select(['id', 'shared_at', 'response']).where('organisation_id', '=', locationId).where('what_happened', '=', SHARED_FEEDBACK_TEXT).executeTakeFirst();
  if (existing?.response) return 'Feedback shared with Stopsley Village Practice and answered: already there';
  const inspector = await actor(ctx, 'daniel.osei@inspectorate.example');
  const practiceManager = await actor(ctx, 'sarah.mitchell@nhs.example');
  if (!inspector || !practiceManager) return 'Feedback shared with Stopsley Village Practice: demo people missing, skipped';
  // Feedback is given about a registered service: without the NHS practice list (no data folder) there is none.
  const registered = await ctx.db.selectFrom('register_locations').select('location_id').where('location_id', '=', STOPSLEY_INSPECTION.odsCode).where('registration_status', '=', 'Registered').executeTakeFirst();
  if (!existing && !registered) return 'Feedback shared with Stopsley Village Practice: the practice is not in the register (no data folder), skipped';
  let id = existing?.id;
  if (!id) {
    const sent = await submitFeedback({ ...ctx, clock: fixedClock('2026-03-06T18:10:00Z') }, STOPSLEY_INSPECTION.odsCode, { submittedAs: 'myself', groupId: '', whatHappened: SHARED_FEEDBACK_TEXT, day: '2', month: '3', year: '2026', contactName: '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '' }, 'demo-world');
    if (sent.kind !== 'accepted') throw new Error(`demo feedback refused: ${JSON.stringify(sent)}`);
    id = (await ctx.db.selectFrom('feedback').select('id').where('reference', '=', sent.reference).executeTakeFirstOrThrow()).id;
  }
  if (!existing?.shared_at) {
    await triageFeedback(as(ctx, inspector, '2026-03-10T09:30:00Z'), id, { status: 'closed', outcome: 'shared_with_provider', note: 'A missed call back: shared with the practice so it can respond to the person directly.', inspectionId: '' });
  }
  await respondToFeedback(as(ctx, practiceManager, '2026-03-24T11:00:00Z'), id, { response: PRACTICE_RESPONSE });
  return 'Feedback about call backs shared with Stopsley Village Practice (Tuesday 10 March 2026) and answered by its practice manager (Tuesday 24 March 2026)';
}

/** The demo part: Stopsley's warning notice checked at a follow-up (met), and shared feedback answered. */
export async function loadEnforcementFollowThroughDemo(ctx: ServiceContext): Promise<string[]> {
  const location = await ctx.db.selectFrom('organisations').select('id').where('ods_code', '=', STOPSLEY_INSPECTION.odsCode).where('kind', '=', 'location').executeTakeFirst();
  if (!location) return ['Enforcement follow-through: Stopsley Village Practice is missing, skipped'];
  return [...(await loadComplianceCheck(ctx, location.id)), await loadAnsweredFeedback(ctx, location.id)];
}
