/**
 * Demo world, inspections part 3 (report, factual accuracy, publication), through the real
 * services with historical fixed clocks:
 *
 * - the Luton area review: draft from the approved findings, recommendations to the ICB and to the
 *   community trust for school nursing (a service the regulator may not direct), approved, sent for
 *   factual accuracy on Thursday 1 October 2026, two ICB comments (one accepted, one not), published
 *   on Tuesday 27 October 2026;
 * - Stopsley Village Practice: the draft with the Regulation 17 breach and the warning notice,
 *   sent for factual accuracy on Monday 1 December 2025, two practice comments (one accepted, one
 *   not), published on Tuesday 10 February 2026 with the practice's response statement.
 *
 * Each step looks at the report's stage first, so running the loader again changes nothing. Skips
 * (and says so) when the earlier parts did not bring an inspection to its draft report.
 */
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ReportSection } from '../../domain/reports/report-sections.js';
import { placeholderSections } from '../../domain/reports/report-structures.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { completeFactualAccuracyReview, decideComment, getFactualAccuracy, saveComment, sendForFactualAccuracy, submitFactualAccuracy } from '../reports/factual-accuracy.service.js';
import { publishReport, setResponseStatement } from '../reports/publication.service.js';
import { addRecommendation, createDraftReport, saveSection } from '../reports/report-draft.service.js';
import { approveDraft, submitForApproval } from '../reports/report-review.service.js';
import { LUTON_REVIEW, STOPSLEY_INSPECTION } from './inspections-planning.demo.js';
import { addressLutonRecommendations, confirmOtherRecipients } from './multi-agency.demo.js';
import { parseRole } from '../../domain/vocabulary/roles.js';

type Ctx = ServiceContext;

/** The ICB's evidence for its category B comment: 12 months of initial health assessments (63.5% on time; 78% in August). */
const LAC_IHA_DASHBOARD_CSV = [
  'month,assessments_due,completed_within_20_working_days,percent_on_time',
  '2025-09,21,12,57',
  '2025-10,18,11,61',
  '2025-11,24,13,54',
  '2025-12,19,12,63',
  '2026-01,22,13,59',
  '2026-02,20,12,60',
  '2026-03,23,14,61',
  '2026-04,19,12,63',
  '2026-05,21,14,67',
  '2026-06,22,15,68',
  '2026-07,20,14,70',
  '2026-08,23,18,78',
  '',
].join('\n');

export const STOPSLEY_RESPONSE =
  'We accept the findings and are working with the regulator and the ICB to address the areas raised. We have appointed a governance lead, reviewed every significant event with the whole team and updated our safeguarding register.';

/** The Luton review's child's journey and management, in the structure of the published reviews (issue 15). */
const LUTON_SECTIONS: Record<string, string> = {
  'case-tracking':
    'We tracked cases from the sample through the services in scope, reading the records each service held and speaking to staff. Good practice was common in health visiting and the emergency department; the concerns we found were about recording handovers and the timeliness of health assessments.',
  'journey:early-help':
    'Midwives and health visitors identified families who needed early help and referred them promptly. Think-family screening in adult mental health and the drug and alcohol service identified children in the household and led to early help referrals.',
  'journey:children-in-need':
    'Health visitors and school nurses contributed to assessments of children in need and knew the families well. Handover of safeguarding information from midwifery to health visiting was often made by phone and not always written down, so the record did not always show what had been shared.',
  'journey:child-protection':
    'Staff recognised risk of harm and made timely referrals. The children’s emergency department used safeguarding flags well. Health visitors attended core groups, but information from adult mental health services was not always shared before review conferences.',
  'journey:looked-after-children':
    'Initial health assessments for looked-after children were too often late: 64% were completed within 20 working days over the last 12 months. Review health assessments were mostly on time and of good quality. Children waited an average of 12 weeks for a first CAMHS appointment, with no risk review while they waited.',
  'management:leadership':
    'Leaders across the ICB and the provider trusts had a shared understanding of safeguarding priorities. The designated doctor post had been covered by an interim arrangement and the substantive role was being finalised.',
  'management:governance':
    'Safeguarding assurance reports went to the ICB quality committee each quarter. Audits of safeguarding referrals were not yet carried out across the area, so leaders could not be sure of the quality of referrals from every service.',
  'management:training':
    'Safeguarding training compliance was high in every provider (level 3 between 88% and 94%). Midwives and health visitors had regular group safeguarding supervision; CAMHS clinicians’ supervision was less consistent.',
};

async function actor(ctx: Ctx, email: string): Promise<SignedInUser | null> {
  const u = await findUserByEmail(ctx.db, email);
  return u ? { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin } : null;
}

function as(ctx: Ctx, user: SignedInUser, at: string): Ctx {
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

async function report(ctx: Ctx, inspectionId: string) {
  return ctx.db.selectFrom('inspection_reports').select(['id', 'stage', 'current_version', 'response_statement']).where('inspection_id', '=', inspectionId).executeTakeFirst();
}

async function sectionBody(ctx: Ctx, reportId: string, version: number, key: string): Promise<string> {
  const row = await ctx.db.selectFrom('report_versions').select('sections').where('report_id', '=', reportId).where('version', '=', version).executeTakeFirstOrThrow();
  return (row.sections as { key: string; body: string }[]).find((s) => s.key === key)?.body ?? '';
}

interface Story {
  label: string;
  inspectionId: string;
  people: { lead: SignedInUser; manager: SignedInUser; reviewer: SignedInUser; commenter: SignedInUser };
  dates: { draft: string; submit: string; approve: string; send: string; comment: string; respond: string; decide: string; complete: string; publish: string };
  summary: string;
  /** Text for the sections the report's structure leaves to write (issue 15), by section key. */
  sections?: Record<string, string>;
  recommendations: (ctx: Ctx) => Promise<{ strength: 'must' | 'should'; text: string; organisationId: string; serviceName?: string }[]>;
  comments: { sectionKey: string; passage: string; category: 'typo_or_figure' | 'factual_inaccuracy' | 'omitted_information'; comment: string; evidence?: string; files?: { filename: string; text: string }[]; accept?: { from: string; to: string; changeMade: string }; rejectReason?: string }[];
  publishedLine: string;
  /** Issue 15: after the recommendations are drafted (the Luton review addresses one to the council too). */
  afterDraft?: (ctx: Ctx) => Promise<void>;
}

/** Writes every section still holding its structure's placeholder, from the story's text. */
async function writeStructuredSections(ctx: Ctx, s: Story, lead: SignedInUser): Promise<void> {
  let r = (await report(ctx, s.inspectionId))!;
  const row = await ctx.db.selectFrom('report_versions').select('sections').where('report_id', '=', r.id).where('version', '=', r.current_version).executeTakeFirstOrThrow();
  for (const section of placeholderSections(row.sections as ReportSection[])) {
    const body = s.sections?.[section.key];
    if (!body) throw new Error(`${s.label}: the demo has no text for the section "${section.heading}"`);
    await saveSection(as(ctx, lead, s.dates.draft), s.inspectionId, { sectionKey: section.key, body, basedOnVersion: r.current_version, note: `${section.heading} written` });
    r = (await report(ctx, s.inspectionId))!;
  }
}

async function tell(ctx: Ctx, s: Story): Promise<string[]> {
  const lines: string[] = [];
  const { lead, manager, reviewer, commenter } = s.people;
  let r = await report(ctx, s.inspectionId);
  if (!r) {
    await createDraftReport(as(ctx, lead, s.dates.draft), s.inspectionId);
    r = (await report(ctx, s.inspectionId))!;
    const body = await sectionBody(ctx, r.id, r.current_version, 'summary');
    await saveSection(as(ctx, lead, s.dates.draft), s.inspectionId, { sectionKey: 'summary', body: `${s.summary}\n\n${body}`, basedOnVersion: r.current_version, note: 'Summary of the findings' });
    await writeStructuredSections(ctx, s, lead);
    for (const rec of await s.recommendations(ctx)) await addRecommendation(as(ctx, lead, s.dates.draft), s.inspectionId, rec);
    if (s.afterDraft) await s.afterDraft(ctx);
    lines.push(`${s.label}: draft report written`);
    r = (await report(ctx, s.inspectionId))!;
  }
  if (r.stage === 'drafting') {
    await submitForApproval(as(ctx, lead, s.dates.submit), s.inspectionId);
    r = (await report(ctx, s.inspectionId))!;
  }
  if (r.stage === 'awaiting_approval') {
    await approveDraft(as(ctx, manager, s.dates.approve), s.inspectionId);
    r = (await report(ctx, s.inspectionId))!;
  }
  if (r.stage === 'approved') {
    await sendForFactualAccuracy(as(ctx, lead, s.dates.send), s.inspectionId);
    lines.push(`${s.label}: draft sent for factual accuracy`);
    r = (await report(ctx, s.inspectionId))!;
  }
  if (r.stage === 'factual_accuracy') {
    const fa = await getFactualAccuracy(as(ctx, commenter, s.dates.comment), s.inspectionId);
    if (fa.comments.length === 0) for (const c of s.comments) await saveComment(as(ctx, commenter, s.dates.comment), s.inspectionId, { ...c, files: (c.files ?? []).map((f) => ({ filename: f.filename, bytes: Buffer.from(f.text, 'utf8') })) });
    await submitFactualAccuracy(as(ctx, commenter, s.dates.respond), s.inspectionId, { noInaccuracies: false });
    await confirmOtherRecipients(ctx, s.inspectionId, s.dates.respond);
    r = (await report(ctx, s.inspectionId))!;
  }
  if (r.stage === 'fa_review') {
    const fa = await getFactualAccuracy(as(ctx, reviewer, s.dates.decide), s.inspectionId);
    for (const c of fa.comments.filter((x) => !x.decision)) {
      const story = s.comments.find((x) => x.passage === c.passage);
      if (story?.accept) {
        const now = (await report(ctx, s.inspectionId))!;
        const body = await sectionBody(ctx, now.id, now.current_version, c.sectionKey);
        if (body.includes(story.accept.from)) await saveSection(as(ctx, reviewer, s.dates.decide), s.inspectionId, { sectionKey: c.sectionKey, body: body.replace(story.accept.from, story.accept.to), basedOnVersion: now.current_version, note: 'Factual accuracy change' });
        await decideComment(as(ctx, reviewer, s.dates.decide), s.inspectionId, c.id, { decision: 'accepted', changeMade: story.accept.changeMade });
      } else {
        await decideComment(as(ctx, reviewer, s.dates.decide), s.inspectionId, c.id, { decision: 'rejected', reason: story?.rejectReason ?? 'The evidence seen at the inspection does not support the change.' });
      }
    }
    await completeFactualAccuracyReview(as(ctx, reviewer, s.dates.complete), s.inspectionId);
    lines.push(`${s.label}: factual accuracy comments decided (one accepted, one not)`);
    r = (await report(ctx, s.inspectionId))!;
  }
  if (r.stage === 'publication_ready') {
    await publishReport(as(ctx, manager, s.dates.publish), s.inspectionId);
    lines.push(s.publishedLine);
  }
  return lines.length ? lines : [`${s.label} report: already published`];
}

async function loadLutonReport(ctx: Ctx): Promise<string[]> {
  const icb = await ctx.db.selectFrom('organisations').select('id').where('ods_code', '=', 'QHG').where('kind', '=', 'commissioner').executeTakeFirst();
  const review = icb
    ? await ctx.db.selectFrom('inspections').select(['id', 'state']).where('subject_type', '=', 'area').where('area_name', '=', LUTON_REVIEW.areaName).where('lead_commissioner_id', '=', icb.id).where('fieldwork_start', '=', LUTON_REVIEW.fieldworkStart).executeTakeFirst()
    : undefined;
  if (!icb || !review) return ['Luton area review report: the review is not there (earlier parts missing), skipped'];
  if (!['draft_report', 'factual_accuracy', 'publication_ready', 'published'].includes(review.state)) return [`Luton area review report: the review is at ${review.state}, not yet at draft report, skipped`];
  const [lead, manager, reviewer, commenter] = await Promise.all(['daniel.osei@inspectorate.example', 'helen.carter@inspectorate.example', 'ruth.fielding@inspectorate.example', 'joanne.whitaker@nhs.example'].map((e) => actor(ctx, e)));
  if (!lead || !manager || !reviewer || !commenter) return ['Luton area review report: demo people missing, skipped'];
  return tell(ctx, {
    label: 'Luton area review',
    inspectionId: review.id,
    people: { lead, manager, reviewer, commenter },
    dates: { draft: '2026-09-28T10:00:00Z', submit: '2026-09-29T15:00:00Z', approve: '2026-09-30T11:00:00Z', send: '2026-10-01T09:00:00Z', comment: '2026-10-08T14:00:00Z', respond: '2026-10-09T16:00:00Z', decide: '2026-10-20T10:00:00Z', complete: '2026-10-21T10:00:00Z', publish: '2026-10-27T09:00:00Z' },
    summary:
      'Health services in Luton work well together to keep children safe. Midwives, health visitors and the emergency department share safeguarding concerns quickly. Handover of safeguarding information from midwifery to health visiting was not always written down, initial health assessments for looked-after children were too often late, and children waited 14 weeks for a first CAMHS appointment.',
    sections: LUTON_SECTIONS,
    recommendations: async (c) => {
      const scope = await c.db.selectFrom('inspection_scope_services').select(['service_name', 'organisation_id']).where('inspection_id', '=', review.id).execute();
      const org = (name: string) => scope.find((x) => x.service_name === name)?.organisation_id ?? null;
      const recs: { strength: 'must' | 'should'; text: string; organisationId: string; serviceName?: string }[] = [
        { strength: 'should', text: 'Make sure initial health assessments for looked-after children are completed within 20 working days, and report progress to the corporate parenting board.', organisationId: icb.id },
      ];
      const midwifery = org('Midwifery');
      if (midwifery) recs.push({ strength: 'should', text: 'Record every safeguarding handover from midwifery to health visiting in the maternity record.', organisationId: midwifery, serviceName: 'Midwifery' });
      const school = org('School Nursing');
      if (school) recs.push({ strength: 'should', text: 'Make sure review health assessments for looked-after children are not delayed while consent is sought from the placing authority.', organisationId: school, serviceName: 'School Nursing' });
      return recs;
    },
    comments: [
      { sectionKey: 'summary', passage: 'children waited 14 weeks for a first CAMHS appointment', category: 'typo_or_figure', comment: 'The average wait in the period was 12 weeks; 14 weeks was the longest wait in the sample.', accept: { from: 'children waited 14 weeks for a first CAMHS appointment', to: 'children waited an average of 12 weeks for a first CAMHS appointment', changeMade: 'Changed to "an average of 12 weeks".' } },
      { sectionKey: 'summary', passage: 'initial health assessments for looked-after children were too often late', category: 'factual_inaccuracy', comment: 'Performance has improved since April and was 78% in August.', evidence: 'ICB looked-after children dashboard, August 2026 (attached).', files: [{ filename: 'looked-after-children-initial-health-assessments-2025-09-to-2026-08.csv', text: LAC_IHA_DASHBOARD_CSV }], rejectReason: 'The figure for the last 12 months was 64% (evidence request); one month’s improvement does not change the finding.' },
    ],
    publishedLine: 'Luton area review: report published Tuesday 27 October 2026',
    afterDraft: (c) => addressLutonRecommendations(c, review.id, '2026-09-28T10:30:00Z'),
  });
}

async function loadStopsleyReport(ctx: Ctx): Promise<string[]> {
  const location = await ctx.db.selectFrom('organisations').select('id').where('ods_code', '=', STOPSLEY_INSPECTION.odsCode).where('kind', '=', 'location').executeTakeFirst();
  const row = location
    ? await ctx.db.selectFrom('inspections').select(['id', 'state']).where('subject_type', '=', 'location').where('subject_organisation_id', '=', location.id).where('fieldwork_start', '=', STOPSLEY_INSPECTION.fieldworkStart).executeTakeFirst()
    : undefined;
  if (!row) return ['Stopsley Village Practice report: the inspection is not there (earlier parts missing), skipped'];
  if (!['draft_report', 'factual_accuracy', 'publication_ready', 'published'].includes(row.state)) return [`Stopsley Village Practice report: the inspection is at ${row.state}, not yet at draft report, skipped`];
  const [lead, manager, reviewer, commenter] = await Promise.all(['daniel.osei@inspectorate.example', 'helen.carter@inspectorate.example', 'ruth.fielding@inspectorate.example', 'sarah.mitchell@nhs.example'].map((e) => actor(ctx, e)));
  if (!lead || !manager || !reviewer || !commenter) return ['Stopsley Village Practice report: demo people missing, skipped'];
  const lines = await tell(ctx, {
    label: 'Stopsley Village Practice',
    inspectionId: row.id,
    people: { lead, manager, reviewer, commenter },
    dates: { draft: '2025-11-17T10:00:00Z', submit: '2025-11-24T15:00:00Z', approve: '2025-11-27T11:00:00Z', send: '2025-12-01T09:00:00Z', comment: '2025-12-10T14:00:00Z', respond: '2025-12-12T16:00:00Z', decide: '2026-01-20T10:00:00Z', complete: '2026-01-22T10:00:00Z', publish: '2026-02-10T09:00:00Z' },
    summary:
      'Staff treated patients with kindness and the patient participation group was involved in changes. But the practice did not have effective systems to assess, monitor and improve the quality and safety of its services: significant events were not reviewed and learning was not shared, the safeguarding register was out of date, and risks were not monitored. This was a breach of Regulation 17 (Good governance) and we issued a warning notice on 24 October 2025.',
    recommendations: async () => [],
    comments: [
      { sectionKey: 'summary', passage: 'the safeguarding register was out of date', category: 'omitted_information', comment: 'The register was reviewed by the safeguarding lead in September 2025; the review had not yet been entered on the system on the day.', evidence: 'Safeguarding lead’s review notes, 18 September 2025.', rejectReason: 'Two children on a child protection plan were not flagged on their records on the day of the inspection.' },
      { sectionKey: 'summary', passage: 'Staff treated patients with kindness', category: 'typo_or_figure', comment: 'Please say "Staff treated patients with kindness and respect", as the report finds later.', accept: { from: 'Staff treated patients with kindness', to: 'Staff treated patients with kindness and respect', changeMade: 'Added "and respect".' } },
    ],
    publishedLine: 'Stopsley Village Practice: report published Tuesday 10 February 2026 (Regulation 17 breach, warning notice)',
  });
  const r = await report(ctx, row.id);
  if (r?.stage === 'published' && !r.response_statement) {
    await setResponseStatement(as(ctx, commenter, '2026-02-11T10:00:00Z'), row.id, STOPSLEY_RESPONSE);
    lines.push("Stopsley Village Practice: the practice's response statement added");
  }
  return lines;
}

export async function loadInspectionsReport(ctx: ServiceContext): Promise<string[]> {
  return [...(await loadLutonReport(ctx)), ...(await loadStopsleyReport(ctx))];
}
