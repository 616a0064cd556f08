/**
 * The demo world after the report (issue 8), for Stopsley Village Practice (E81006):
 * - GP Patient Survey 2025 results, slightly below its ICB and England, from a file generated
 *   here in the documented layout (demo figures, not the real survey) and read by the importer;
 * - feedback from the public, mixed, including a complaint the practice did not answer, and
 *   its patient participation group's feedback about good two-way communication; the
 *   regulator's triage of some of it;
 * - the action plans (action-plans.demo.ts), once the reports part has published the reports.
 * Idempotent: each piece is skipped when it is already there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Role } from '../../domain/vocabulary/roles.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { submitFeedback } from '../feedback/feedback-submission.service.js';
import { triageFeedback } from '../feedback/feedback-triage.service.js';
import { importGpPatientSurvey } from '../gp-survey/gp-survey.import.js';
import { loadDemoActionPlans } from './action-plans.demo.js';

const STOPSLEY = 'E81006';
const ICB = { code: 'QHG', name: 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board' };

/** Demo figures: [percentage, responses] per measure, in the 2025 mapping's order. */
const FIGURES = {
  practice: [[72, 262], [44, 265], [62, 258], [88, 240], [91, 238]],
  icb: [[74, 21_400], [49, 21_650], [65, 21_300], [89, 19_800], [92, 19_700]],
  england: [[75.4, 690_000], [53, 695_000], [67, 688_000], [90, 640_000], [93, 638_000]],
} as const;

export function demoSurveyCsv(): string {
  const measures = ['overall_experience_good_pct,overall_experience_base', 'phone_easy_pct,phone_base', 'contact_experience_good_pct,contact_experience_base', 'needs_met_pct,needs_met_base', 'confidence_trust_pct,confidence_trust_base'];
  const cells = (rows: readonly (readonly [number, number])[]) => rows.map(([p, n]) => `${p},${n}`).join(',');
  return [
    `level,practice_code,practice_name,icb_code,icb_name,${measures.join(',')}`,
    `Practice,${STOPSLEY},Stopsley Village Practice,${ICB.code},"${ICB.name}",${cells(FIGURES.practice)}`,
    `ICB,${ICB.code},"${ICB.name}",${ICB.code},"${ICB.name}",${cells(FIGURES.icb)}`,
    `England,ENG,England,,,${cells(FIGURES.england)}`,
  ].join('\n');
}

async function asUser(ctx: ServiceContext, email: string): Promise<ServiceContext | null> {
  const u = await ctx.db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.organisation_id', 'users.is_org_admin', 'organisations.name as organisation_name'])
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (!u) return null;
  const user: SignedInUser = { id: u.id, email: u.email, name: u.name, role: u.role as Role, organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin };
  return { ...ctx, actor: { kind: 'user', user } };
}

interface DemoFeedback {
  at: string;
  submittedAs: 'myself' | 'someone_else' | 'patient_participation_group';
  text: string;
  month: string;
  year: string;
  contactName?: string;
  triage?: { at: string; status: 'in_review' | 'closed'; outcome: string; note: string };
}

const FEEDBACK: readonly DemoFeedback[] = [
  {
    at: '2025-08-14T19:20:00Z',
    submittedAs: 'myself',
    text: 'I wrote to the practice in June about how my repeat prescription was handled and asked twice to discuss my concerns with the practice manager. Nobody replied to either request.',
    month: '6',
    year: '2025',
    triage: { at: '2025-09-03T10:00:00Z', status: 'closed', outcome: 'used_in_inspection', note: 'Unanswered complaint: a line of enquiry on complaints handling (Regulation 16) for the inspection planned for October.' },
  },
  {
    at: '2025-08-28T08:05:00Z',
    submittedAs: 'myself',
    text: 'Phoned at 8am three days running and was in the queue for 40 minutes each time before being told there were no appointments left.',
    month: '8',
    year: '2025',
    triage: { at: '2025-09-03T10:20:00Z', status: 'closed', outcome: 'used_for_monitoring', note: 'Phone access: matches the GP Patient Survey results. Recorded for monitoring and the inspection.' },
  },
  { at: '2025-09-02T12:40:00Z', submittedAs: 'someone_else', text: 'The nurse who sees my mother for her diabetes reviews is kind and explains everything clearly.', month: '8', year: '2025' },
  {
    at: '2025-09-10T17:00:00Z',
    submittedAs: 'patient_participation_group',
    contactName: 'Margaret Doyle (chair)',
    text: 'Our group meets the practice team every quarter. The practice shares its plans with us, listens to what patients tell us and reports back on what it changed, for example the new online booking times. Communication works both ways.',
    month: '9',
    year: '2025',
  },
];

export async function loadAfterReportDemo(ctx: ServiceContext): Promise<string[]> {
  const lines: string[] = [];
  const practice = await ctx.db.selectFrom('register_locations').select(['location_id', 'organisation_id']).where('location_id', '=', STOPSLEY).executeTakeFirst();
  if (!practice) return ['After the report: Stopsley Village Practice is not in the register, so its survey and feedback were not loaded'];

  const survey = await ctx.db.selectFrom('gp_survey_results').select('measure').where('area_code', '=', STOPSLEY).where('survey_year', '=', 2025).limit(1).executeTakeFirst();
  if (survey) lines.push('GP Patient Survey 2025 for Stopsley Village Practice: already there');
  else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-gpps-'));
    try {
      const file = path.join(dir, 'gp-patient-survey-2025-demo.csv');
      writeFileSync(file, demoSurveyCsv());
      const s = await importGpPatientSurvey(ctx, file, { rejectsDir: path.join(ctx.config.projectRoot, 'reports', 'import-rejects', 'demo') });
      lines.push(`GP Patient Survey 2025 for Stopsley Village Practice (demo figures): ${s.inserted} results added`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const existing = await ctx.db.selectFrom('feedback').select('id').where('organisation_id', '=', practice.organisation_id).limit(1).executeTakeFirst();
  if (existing) lines.push('Feedback about Stopsley Village Practice: already there');
  else {
    const group = await ctx.db.selectFrom('patient_participation_groups').select('id').where('organisation_id', '=', practice.organisation_id).executeTakeFirst();
    const inspector = await asUser(ctx, 'daniel.osei@inspectorate.example');
    const inspection = await ctx.db.selectFrom('inspections').select('id').where('subject_organisation_id', '=', practice.organisation_id).where('fieldwork_start', '=', '2025-10-07').executeTakeFirst();
    let added = 0;
    for (const f of FEEDBACK) {
      if (f.submittedAs === 'patient_participation_group' && !group) continue;
      const at = { ...ctx, clock: fixedClock(f.at) };
      const result = await submitFeedback(
        at,
        STOPSLEY,
        { submittedAs: f.submittedAs, groupId: group?.id ?? '', whatHappened: f.text, day: '', month: f.month, year: f.year, contactName: f.contactName ?? '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '' },
        'demo-world',
      );
      if (result.kind !== 'accepted') throw new Error(`demo feedback refused: ${JSON.stringify(result)}`);
      added++;
      if (f.triage && inspector) {
        const row = await ctx.db.selectFrom('feedback').select('id').where('reference', '=', result.reference).executeTakeFirstOrThrow();
        const useInspection = f.triage.outcome === 'used_in_inspection' && inspection;
        await triageFeedback(
          { ...inspector, clock: fixedClock(f.triage.at) },
          row.id,
          { status: f.triage.status, outcome: useInspection || f.triage.outcome !== 'used_in_inspection' ? f.triage.outcome : 'used_for_monitoring', note: f.triage.note, inspectionId: useInspection ? inspection.id : '' },
        );
      }
    }
    lines.push(`Feedback about Stopsley Village Practice: ${added} added`);
  }
  lines.push(...(await loadDemoActionPlans(ctx)));
  return lines;
}
