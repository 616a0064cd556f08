/**
 * Demo world, inspections part 2 (fieldwork and judgement), through the real services with
 * historical fixed clocks:
 *
 * - the Luton area review: fieldwork Monday 14 to Friday 18 September 2026, the opening meeting
 *   with the programme agreed, a briefing to the executive lead and the designated nurse each
 *   day, evidence items from the visits, no immediate-action concern that week, and the verbal
 *   feedback on Friday with the areas for recommendations; then fieldwork ended and the (unrated)
 *   judgement approved, ready for the report;
 * - Stopsley Village Practice: fieldwork 7 to 8 October 2025, evidence reflecting the findings,
 *   the verbal feedback, statement scores, the Regulation 17 breach, a warning notice issued on
 *   Friday 24 October 2025, and the ratings proposed (limited by the notice) and approved.
 *
 * Finds the inspections the planning part made by subject and dates; does nothing if they are
 * absent. Idempotent: each step checks what is already there and the current state first.
 */
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import type { EvidenceItemType } from '../../domain/fieldwork/evidence-item.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { recordBriefing } from '../fieldwork/briefings.service.js';
import { createEnforcementAction, recordBreach, transitionEnforcementAction } from '../fieldwork/enforcement.service.js';
import { createEvidenceItem } from '../fieldwork/evidence-items.service.js';
import { approveJudgement, scoreStatement, setJudgementMethods } from '../fieldwork/judgement.service.js';
import { changeInspectionState } from '../inspections/inspection-lifecycle.service.js';
import { recordMeeting } from '../inspections/programme.service.js';
import { LUTON_REVIEW, STOPSLEY_INSPECTION } from './inspections-planning.demo.js';
import { trackLutonCases } from './case-tracking.demo.js';
import { parseRole } from '../../domain/vocabulary/roles.js';

type Ctx = ServiceContext;
type Row = { id: string; state: string; reference: string };

async function actor(ctx: Ctx, email: string): Promise<SignedInUser | null> {
  const u = await findUserByEmail(ctx.db, email);
  return u ? { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin } : null;
}

function as(ctx: Ctx, user: SignedInUser, at: string): Ctx {
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

async function stateOf(ctx: Ctx, id: string): Promise<string> {
  return (await ctx.db.selectFrom('inspections').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
}

async function count(ctx: Ctx, table: 'evidence_items' | 'briefings' | 'breaches' | 'quality_statement_scores', inspectionId: string): Promise<number> {
  return Number((await ctx.db.selectFrom(table).select(ctx.db.fn.countAll<number>().as('n')).where('inspection_id', '=', inspectionId).executeTakeFirstOrThrow()).n);
}

interface EvidenceSeed {
  type: EvidenceItemType;
  statements: string[];
  category: string;
  date: string;
  at: string;
  body: string;
}

async function seedEvidence(ctx: Ctx, who: SignedInUser, inspectionId: string, items: readonly EvidenceSeed[]): Promise<void> {
  for (const e of items) {
    await createEvidenceItem(as(ctx, who, e.at), inspectionId, { type: e.type, qualityStatements: e.statements, evidenceCategory: e.category, refersToDate: e.date, body: e.body, status: 'recorded' });
  }
}

// Luton -------------------------------------------------------------------------------------

const LUTON_EVIDENCE: readonly EvidenceSeed[] = [
  { type: 'staff_conversation', statements: ['S3'], category: 'staffAndLeaders', date: '2026-09-14', at: '2026-09-14T16:10:00Z', body: 'Community midwives knew who the named midwife for safeguarding was and described monthly group supervision. One said "we always ring the health visitor when there is a concern, but it is not always written down".' },
  { type: 'record_review', statements: ['S2'], category: 'processes', date: '2026-09-14', at: '2026-09-14T16:40:00Z', body: 'Six maternity records reviewed: in two, the safeguarding handover to health visiting was discussed by phone but not documented in the record.' },
  { type: 'observation', statements: ['S2', 'S3'], category: 'observation', date: '2026-09-15', at: '2026-09-15T12:20:00Z', body: 'Children’s emergency department: the paediatric liaison list was checked each morning; safeguarding flags were visible on the electronic board.' },
  { type: 'person_conversation', statements: ['R4'], category: 'peoplesExperience', date: '2026-09-15', at: '2026-09-15T16:45:00Z', body: 'A mother of two young children said the health visitor "was the first person who really listened" after a move to Luton from a refuge.' },
  { type: 'record_review', statements: ['E2'], category: 'processes', date: '2026-09-16', at: '2026-09-16T11:50:00Z', body: 'School nursing: looked-after children review health assessments were completed on time in 11 of 14 records reviewed; three were late because of delayed consent from the placing authority.' },
  { type: 'staff_conversation', statements: ['R2'], category: 'staffAndLeaders', date: '2026-09-16', at: '2026-09-16T16:30:00Z', body: 'CAMHS clinicians described a joint transition protocol with adult mental health services, but waiting times for a first appointment were 14 weeks.' },
  { type: 'data', statements: ['E5'], category: 'outcomes', date: '2026-09-17', at: '2026-09-17T15:00:00Z', body: 'Initial health assessments for looked-after children within 20 working days: 64% in the last 12 months (evidence request), below the ICB’s own target of 85%.' },
];

async function loadLutonFieldwork(ctx: Ctx): Promise<string[]> {
  const icb = await ctx.db.selectFrom('organisations').select('id').where('ods_code', '=', 'QHG').where('kind', '=', 'commissioner').executeTakeFirst();
  if (!icb) return ['Luton area review fieldwork: the ICB is missing, skipped'];
  const review: Row | undefined = await ctx.db
    .selectFrom('inspections')
    .select(['id', 'state', 'reference'])
    .where('subject_type', '=', 'area')
    .where('area_name', '=', LUTON_REVIEW.areaName)
    .where('lead_commissioner_id', '=', icb.id)
    .where('fieldwork_start', '=', LUTON_REVIEW.fieldworkStart)
    .executeTakeFirst();
  if (!review) return ['Luton area review fieldwork: the review is not there (planning part missing), skipped'];
  const lead = await actor(ctx, 'daniel.osei@inspectorate.example');
  const inspector = await actor(ctx, 'aisha.rahman@inspectorate.example');
  const manager = await actor(ctx, 'helen.carter@inspectorate.example');
  if (!lead || !inspector || !manager) return ['Luton area review fieldwork: demo people missing, skipped'];
  const id = review.id;
  const lines: string[] = [];
  if (review.state === 'notified') {
    await changeInspectionState(as(ctx, lead, '2026-09-14T08:00:00Z'), id, { event: 'start_fieldwork' });
    lines.push('Luton area review: fieldwork started Monday 14 September 2026');
  }
  if ((await stateOf(ctx, id)) !== 'fieldwork') return lines.length ? lines : ['Luton area review fieldwork: already there'];

  const opening = await ctx.db.selectFrom('inspection_meetings').select('id').where('inspection_id', '=', id).where('kind', '=', 'opening').executeTakeFirst();
  if (!opening) {
    await recordMeeting(as(ctx, lead, '2026-09-14T09:45:00Z'), id, {
      kind: 'opening',
      heldAt: '2026-09-14T08:30:00Z',
      place: 'NHS BLMK ICB, Luton office',
      attendees: [
        { name: 'Caroline Hughes', role: 'Executive lead for safeguarding', organisation: 'NHS BLMK ICB' },
        { name: 'Joanne Whitaker', role: 'Designated nurse for safeguarding children', organisation: 'NHS BLMK ICB' },
        { name: 'Dr Samuel Adeyemi', role: 'Designated doctor for safeguarding children', organisation: 'NHS BLMK ICB' },
        { name: lead.name, role: 'Lead inspector', organisation: 'The regulator' },
        { name: inspector.name, role: 'Inspector', organisation: 'The regulator' },
      ],
      notes: 'Programme for the week agreed; the draft designated doctor job description to follow by Wednesday.',
      programmeAgreed: true,
    });
    lines.push('Luton area review: opening meeting, programme agreed');
  }
  if ((await count(ctx, 'evidence_items', id)) === 0) {
    await seedEvidence(ctx, inspector, id, LUTON_EVIDENCE);
    lines.push(`Luton area review: ${LUTON_EVIDENCE.length} evidence items`);
  }
  lines.push(...(await trackLutonCases(ctx, id, inspector)));
  if ((await count(ctx, 'briefings', id)) === 0) {
    const attendees = [
      { name: 'Caroline Hughes', role: 'Executive lead', organisation: 'NHS BLMK ICB' },
      { name: 'Joanne Whitaker', role: 'Designated nurse', organisation: 'NHS BLMK ICB' },
    ];
    const days: [string, string][] = [
      ['2026-09-14T16:30:00Z', 'Midwifery visited. Staff know the safeguarding leads; phone handovers to health visiting are not always written in the record.'],
      ['2026-09-15T16:30:00Z', 'A&E and health visiting visited. Good use of safeguarding flags in the children’s emergency department; families spoke well of health visitors.'],
      ['2026-09-16T16:30:00Z', 'School nursing and CAMHS visited. Most looked-after children review health assessments on time; CAMHS waits of 14 weeks for a first appointment.'],
      ['2026-09-17T16:30:00Z', 'Adult mental health, sexual health and the drugs and alcohol service visited. Think-family screening is used; initial health assessment timeliness is a theme.'],
    ];
    for (const [at, points] of days) await recordBriefing(as(ctx, lead, at), id, { kind: 'briefing', heldAt: at, attendees, points });
    await recordBriefing(as(ctx, lead, '2026-09-18T14:30:00Z'), id, {
      kind: 'verbal_feedback',
      heldAt: '2026-09-18T13:00:00Z',
      attendees: [...attendees, { name: 'Dr Samuel Adeyemi', role: 'Designated doctor', organisation: 'NHS BLMK ICB' }],
      points: 'Strong partnership working and a good understanding of safeguarding across services. Handovers between maternity and health visiting need to be recorded consistently, and initial health assessments for looked-after children are too often late.',
      recommendationAreas: ['Recording of safeguarding handovers from maternity to health visiting', 'Timeliness of initial health assessments for looked-after children', 'Waiting times for a first CAMHS appointment'],
    });
    lines.push('Luton area review: daily briefings and the verbal feedback on Friday 18 September (no immediate-action concern that week)');
  }
  await changeInspectionState(as(ctx, lead, '2026-09-18T16:00:00Z'), id, { event: 'end_fieldwork' });
  await approveJudgement(as(ctx, manager, '2026-09-25T10:00:00Z'), id, {});
  lines.push('Luton area review: fieldwork ended Friday 18 September; findings approved (area reviews are not rated)');
  return lines;
}

// Stopsley ----------------------------------------------------------------------------------

const STOPSLEY_EVIDENCE: readonly EvidenceSeed[] = [
  { type: 'record_review', statements: ['S1', 'W7'], category: 'processes', date: '2025-10-07', at: '2025-10-07T12:30:00Z', body: 'Significant event log: 14 events since April 2025; 9 had no documented review and there was no record of learning shared with staff. The practice manager said "we talk about them informally".' },
  { type: 'staff_conversation', statements: ['S1', 'W3'], category: 'staffAndLeaders', date: '2025-10-07', at: '2025-10-07T14:10:00Z', body: 'Two receptionists and a practice nurse said they were not told the outcome of incidents they had reported. The practice did not have a culture of openness and honesty in which learning was used to improve the service.' },
  { type: 'record_review', statements: ['S3', 'S4'], category: 'processes', date: '2025-10-07', at: '2025-10-07T15:20:00Z', body: 'Safeguarding register not reviewed since 2023; two children on a child protection plan were not flagged on their records. Premises and fire risk assessments were out of date: no effective system to protect people from harm or respond to risks.' },
  { type: 'staff_conversation', statements: ['W5'], category: 'staffAndLeaders', date: '2025-10-08', at: '2025-10-08T09:40:00Z', body: 'The partners could not show how safety alerts, audits or risks were monitored and acted on. There was no governance meeting record for the last six months.' },
  { type: 'staff_conversation', statements: ['W6', 'R4'], category: 'partners', date: '2025-10-08', at: '2025-10-08T10:30:00Z', body: 'The chair of the patient participation group said "they ask us before they change anything": the practice worked with the group when it changed the appointment system.' },
  { type: 'observation', statements: ['C1', 'C2'], category: 'observation', date: '2025-10-07', at: '2025-10-07T11:00:00Z', body: 'Staff treated patients as individuals: reception staff adapted to a patient with a hearing impairment and offered a private room to a distressed patient.' },
  { type: 'staff_conversation', statements: ['W1', 'W2'], category: 'staffAndLeaders', date: '2025-10-08', at: '2025-10-08T11:15:00Z', body: 'Staff were positive about the leadership and shared a vision of "a family practice for Stopsley".' },
  { type: 'data', statements: ['R1', 'C1'], category: 'peoplesExperience', date: '2025-07-10', at: '2025-10-08T12:00:00Z', body: 'GP Patient Survey 2025: results slightly below the national and local averages for overall experience and ease of getting through by phone.' },
  { type: 'person_conversation', statements: ['R4'], category: 'peoplesExperience', date: '2025-10-08', at: '2025-10-08T13:30:00Z', body: 'Feedback from people was mixed; some said the practice had not responded to their feedback or complaints.' },
];

/** Safe and well-led Requires improvement by the scores; the warning notice then makes well-led Inadequate. */
const STOPSLEY_SCORES: Record<string, number> = { S1: 2, S2: 3, S3: 2, S4: 2, E1: 3, E2: 3, C1: 3, C2: 3, R1: 3, R2: 3, R4: 2, W1: 3, W5: 2, W6: 3, W7: 1 };

async function loadStopsleyFieldwork(ctx: Ctx): Promise<string[]> {
  const location = await ctx.db.selectFrom('organisations').select('id').where('ods_code', '=', STOPSLEY_INSPECTION.odsCode).where('kind', '=', 'location').executeTakeFirst();
  if (!location) return ['Stopsley Village Practice fieldwork: the practice is missing, skipped'];
  const row: Row | undefined = await ctx.db
    .selectFrom('inspections')
    .select(['id', 'state', 'reference'])
    .where('subject_type', '=', 'location')
    .where('subject_organisation_id', '=', location.id)
    .where('fieldwork_start', '=', STOPSLEY_INSPECTION.fieldworkStart)
    .executeTakeFirst();
  if (!row) return ['Stopsley Village Practice fieldwork: the inspection is not there (planning part missing), skipped'];
  const lead = await actor(ctx, 'daniel.osei@inspectorate.example');
  const manager = await actor(ctx, 'helen.carter@inspectorate.example');
  const enforcement = await actor(ctx, 'marcus.bennett@inspectorate.example');
  if (!lead || !manager || !enforcement) return ['Stopsley Village Practice fieldwork: demo people missing, skipped'];
  const id = row.id;
  const lines: string[] = [];
  if (row.state === 'notified') {
    await changeInspectionState(as(ctx, lead, '2025-10-07T08:15:00Z'), id, { event: 'start_fieldwork' });
    lines.push('Stopsley Village Practice: fieldwork started Tuesday 7 October 2025');
  }
  let state = await stateOf(ctx, id);
  if (state === 'fieldwork') {
    if (!(await ctx.db.selectFrom('inspection_meetings').select('id').where('inspection_id', '=', id).where('kind', '=', 'opening').executeTakeFirst())) {
      await recordMeeting(as(ctx, lead, '2025-10-07T09:00:00Z'), id, {
        kind: 'opening',
        heldAt: '2025-10-07T08:30:00Z',
        place: 'Stopsley Village Practice',
        attendees: [
          { name: 'Sarah Mitchell', role: 'Practice manager', organisation: 'Stopsley Village Practice' },
          { name: 'Dr Imran Qureshi', role: 'GP partner and nominated individual', organisation: 'Stopsley Village Practice' },
          { name: lead.name, role: 'Lead inspector', organisation: 'The regulator' },
        ],
        programmeAgreed: true,
      });
    }
    if ((await count(ctx, 'evidence_items', id)) === 0) {
      await seedEvidence(ctx, lead, id, STOPSLEY_EVIDENCE);
      lines.push(`Stopsley Village Practice: ${STOPSLEY_EVIDENCE.length} evidence items`);
    }
    if ((await count(ctx, 'briefings', id)) === 0) {
      await recordBriefing(as(ctx, lead, '2025-10-08T16:30:00Z'), id, {
        kind: 'verbal_feedback',
        heldAt: '2025-10-08T15:30:00Z',
        attendees: [
          { name: 'Sarah Mitchell', role: 'Practice manager', organisation: 'Stopsley Village Practice' },
          { name: 'Dr Imran Qureshi', role: 'GP partner', organisation: 'Stopsley Village Practice' },
        ],
        points: 'Staff treat patients as individuals and work with the patient participation group; staff are positive about the leadership. But learning from incidents and significant events is not used to improve the service, and systems to protect people from harm (safeguarding, responding to risks) are not effective. We will consider what action to take.',
      });
    }
    await changeInspectionState(as(ctx, lead, '2025-10-08T17:00:00Z'), id, { event: 'end_fieldwork' });
    lines.push('Stopsley Village Practice: evidence and verbal feedback; fieldwork ended Wednesday 8 October 2025');
    state = 'judgement';
  }
  if (state !== 'judgement') return lines.length ? lines : ['Stopsley Village Practice fieldwork and judgement: already there'];

  if ((await count(ctx, 'quality_statement_scores', id)) === 0) {
    await setJudgementMethods(as(ctx, lead, '2025-10-13T09:00:00Z'), id, { scoringMethod: 'saf-2024', overallMethod: 'primary-medical' });
    const evidence = await ctx.db.selectFrom('evidence_items').select(['id', 'quality_statements']).where('inspection_id', '=', id).execute();
    for (const [code, score] of Object.entries(STOPSLEY_SCORES)) {
      await scoreStatement(as(ctx, lead, '2025-10-13T10:00:00Z'), id, code, { score, rationale: `Scored ${score} from the evidence gathered on 7 and 8 October.`, evidenceItemIds: evidence.filter((e) => e.quality_statements.includes(code)).map((e) => e.id) });
    }
    lines.push('Stopsley Village Practice: quality statements scored');
  }
  let breach = await ctx.db.selectFrom('breaches').select('id').where('inspection_id', '=', id).where('regulation', '=', '17').executeTakeFirst();
  if (!breach) {
    const evidence = await ctx.db.selectFrom('evidence_items').select(['id', 'quality_statements']).where('inspection_id', '=', id).execute();
    breach = await recordBreach(as(ctx, lead, '2025-10-14T10:00:00Z'), id, {
      regulation: '17',
      paragraph: '17(1), 17(2)(a)(b)',
      keyQuestion: 'wellLed',
      qualityStatements: ['W5', 'W7', 'S1'],
      description:
        'Systems or processes were not established and operated effectively to ensure compliance. The practice did not have a culture of openness and honesty in which learning from incidents and significant events was used to improve the service, and did not have effective systems to assess, monitor and mitigate risks to people (safeguarding, responding to risks).',
      evidenceItemIds: evidence.filter((e) => e.quality_statements.some((c) => ['S1', 'S3', 'W5', 'W7'].includes(c))).map((e) => e.id),
    });
    lines.push('Stopsley Village Practice: breach of Regulation 17 (Good governance) recorded');
  }
  let action = await ctx.db.selectFrom('enforcement_actions').select(['id', 'state']).where('inspection_id', '=', id).where('kind', '=', 'warning-notice').executeTakeFirst();
  if (!action) {
    const made = await createEnforcementAction(as(ctx, enforcement, '2025-10-20T10:00:00Z'), id, { kind: 'warning-notice', breachId: breach.id });
    action = { id: made.id, state: made.state };
  }
  if (action.state === 'draft') {
    await transitionEnforcementAction(as(ctx, enforcement, '2025-10-24T10:00:00Z'), action.id, { event: 'issue', complianceDate: '2025-12-19' });
    lines.push('Stopsley Village Practice: warning notice issued Friday 24 October 2025 (representations due Friday 7 November 2025)');
  }
  await approveJudgement(as(ctx, manager, '2025-11-14T11:00:00Z'), id, {});
  lines.push('Stopsley Village Practice: ratings proposed (well-led limited to Inadequate by the warning notice) and approved');
  return lines;
}

/** The demo part: the Luton review through fieldwork, and Stopsley Village Practice judged. */
export async function loadInspectionsFieldwork(ctx: ServiceContext): Promise<string[]> {
  return [...(await loadLutonFieldwork(ctx)), ...(await loadStopsleyFieldwork(ctx))];
}
