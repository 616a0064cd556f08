/**
 * Builders for report tests: the Stopsley Village Practice world (a GP practice on the register
 * with earlier ratings, the inspection team, an independent reviewer and the practice's people),
 * an inspection carried through planning and fieldwork via the API, and (trait `judged`) an
 * approved judgement with a Regulation 17 breach and an issued warning notice written to the
 * fieldwork tables of issue #6.
 */
import type { Db } from '../../src/data/database.js';
import type { Organisation } from '../../src/data/tables/foundation.tables.js';
import type { TestApp } from '../support/test-app.js';
import { createPersonalAccessToken } from '../../src/services/api-tokens/personal-access-tokens.service.js';
import type { MovableClock} from './inspection.factory.js';
import { ApiClient, confirmTeam, serviceContextFor } from './inspection.factory.js';
import { createOrganisation } from './organisation.factory.js';
import { createRegisteredPractice } from './register-location.factory.js';
import { createUser, type TestUser } from './user.factory.js';
import { TOKEN_SCOPES } from '../../src/domain/access/permissions.js';

export interface PracticeWorld {
  regulator: Organisation;
  practice: Organisation;
  locationId: string;
  people: Record<'lead' | 'inspector' | 'manager' | 'reviewer' | 'practiceManager' | 'partner' | 'outsider', TestUser>;
}

export async function createPracticeWorld(db: Db): Promise<PracticeWorld> {
  const regulator = await createOrganisation(db, 'regulator');
  // A Z9 code: never a real practice's, so it cannot clash with register data loaded beside it (the browser tier's demo world).
  const odsCode = `Z9${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const { organisation: practice, locationId } = await createRegisteredPractice(db, { odsCode, name: 'Stopsley Village Practice', rating: 'Good', ratingDate: '2019-05-14' });
  for (const name of ['Safe', 'Effective', 'Caring', 'Responsive', 'Well-led']) {
    await db.insertInto('ratings').values({ organisation_id: practice.id, scope: 'key_question', name, rating: 'Good', report_date: '2019-05-14', source: 'test', current: true }).execute();
  }
  const other = await createOrganisation(db, 'provider', { name: 'Faraway Surgery Ltd' });
  const u = (trait: Parameters<typeof createUser>[1], organisation: Organisation, name: string) => createUser(db, trait, { organisation, name });
  return {
    regulator,
    practice,
    locationId,
    people: {
      lead: await u('inspector', regulator, 'Grace Lead'),
      inspector: await u('inspector', regulator, 'Ivan Inspector'),
      manager: await u('inspectionManager', regulator, 'Marta Manager'),
      reviewer: await u('factualAccuracyReviewer', regulator, 'Rhys Reviewer'),
      practiceManager: await u('providerUser', practice, 'Paula Practice'),
      partner: await u('providerUser', practice, 'Peter Partner'),
      outsider: await u('providerUser', other, 'Olly Outsider'),
    },
  };
}

/** The part 1 client plus PUT. */
export class ReportApiClient extends ApiClient {
  put(url: string, body: unknown) {
    return this.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: { authorization: `Bearer ${this.token}` }, payload: body as object });
  }
}

export type PracticeApi = Record<keyof PracticeWorld['people'], ReportApiClient>;

export async function practiceApis(t: TestApp, w: PracticeWorld, clock: MovableClock): Promise<PracticeApi> {
  const api = {} as PracticeApi;
  for (const [k, user] of Object.entries(w.people)) {
    // A year-long token: the story runs from notification in September to publication in February.
    const { token } = await createPersonalAccessToken(await serviceContextFor(t, user, clock), { name: 'report test client', expiresInDays: 366, scopes: [...TOKEN_SCOPES] });
    api[k as keyof PracticeApi] = new ReportApiClient(t.app, token);
  }
  return api;
}

/** Plans, notifies, runs and ends fieldwork through the API (part 1). Leaves the inspection at judgement. */
/** The practice's comprehensive, announced inspection as the lead plans it: the team of three and the practice manager as contact. */
export function practiceInspectionBody(w: PracticeWorld, fieldworkStart: string, fieldworkEnd: string) {
  return {
    kind: 'comprehensive' as const,
    noticeType: 'announced' as const,
    subject: { type: 'location' as const, organisationId: w.practice.id },
    fieldworkStart,
    fieldworkEnd,
    keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'wellLed'] as ('safe' | 'effective' | 'caring' | 'responsive' | 'wellLed')[],
    team: [
      { userId: w.people.lead.id, role: 'lead_inspector' as const },
      { userId: w.people.inspector.id, role: 'inspector' as const },
      { userId: w.people.manager.id, role: 'inspection_manager' as const },
    ],
    contacts: [{ userId: w.people.practiceManager.id, role: 'practice_manager' as const }],
  };
}

export async function inspectionThroughFieldwork(api: PracticeApi, w: PracticeWorld, clock: MovableClock, dates = { notify: '2025-09-22T09:00:00Z', start: '2025-10-07', end: '2025-10-08' }): Promise<string> {
  clock.set(dates.notify);
  const created = await api.lead.post('/inspections', practiceInspectionBody(w, dates.start, dates.end));
  if (created.statusCode !== 201) throw new Error(`create inspection: ${created.body}`);
  const id = created.json().id as string;
  // The lead proposed the team; the inspection manager confirms it before notice (issue 14).
  const confirmed = await api.manager.post(`/inspections/${id}/team-confirmation`, {});
  if (confirmed.statusCode !== 200) throw new Error(`confirm team: ${confirmed.body}`);
  const step = async (event: string, at: string) => {
    clock.set(at);
    const res = await api.lead.post(`/inspections/${id}/transitions`, { event });
    if (res.statusCode !== 200) throw new Error(`${event}: ${res.body}`);
  };
  await step('notify', dates.notify);
  await step('start_fieldwork', `${dates.start}T08:30:00Z`);
  await step('end_fieldwork', `${dates.end}T17:00:00Z`);
  return id;
}

export interface JudgedOptions {
  quote?: string;
  approvedAt?: string;
  warningNoticeOn?: string;
}

/**
 * An approved judgement for a GP practice with a Regulation 17 breach and an issued warning
 * notice, written straight to the fieldwork tables (issue #6), and the inspection at draft report.
 */
export async function judgeInspection(db: Db, inspectionId: string, w: PracticeWorld, opts: JudgedOptions = {}): Promise<void> {
  const at = opts.approvedAt ?? '2025-10-27T10:00:00Z';
  const lead = w.people.lead.id;
  const evidence = await db
    .insertInto('evidence_items')
    .values([
      { inspection_id: inspectionId, type: 'record_review', quality_statements: ['W5'], evidence_category: 'processes', refers_to_date: '2025-10-07', inspector_id: lead, body: 'Significant event reviews for the last year had not been completed or shared with staff.', status: 'recorded', created_at: at, updated_at: at, recorded_at: at },
      { inspection_id: inspectionId, type: 'person_conversation', quality_statements: ['W5'], evidence_category: 'peoplesExperience', refers_to_date: '2025-10-08', inspector_id: lead, body: opts.quote ?? '"We never hear back about complaints," a patient told us.', status: 'recorded', created_at: at, updated_at: at, recorded_at: at },
      { inspection_id: inspectionId, type: 'observation', quality_statements: ['S3'], evidence_category: 'observation', refers_to_date: '2025-10-07', inspector_id: lead, body: 'Staff knew how to raise a safeguarding concern.', status: 'recorded', created_at: at, updated_at: at, recorded_at: at },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('quality_statement_scores')
    .values([
      { inspection_id: inspectionId, statement_code: 'W5', score: 1, category_scores: null, rationale: 'Governance systems did not identify and manage risk.', evidence_item_ids: [evidence[0]!.id, evidence[1]!.id], scored_by: lead, scored_at: at },
      { inspection_id: inspectionId, statement_code: 'S3', score: 3, category_scores: null, rationale: 'Safeguarding arrangements were effective.', evidence_item_ids: [evidence[2]!.id], scored_by: lead, scored_at: at },
    ])
    .execute();
  await db.insertInto('judgements').values({ inspection_id: inspectionId, scoring_method: 'saf-2024', overall_method: 'primary-medical', status: 'approved', proposed_at: at, approved_by: w.people.manager.id, approved_at: at }).execute();
  const rating = (subject: string, r: string, explanation: string[]) => ({ inspection_id: inspectionId, subject, proposed_rating: r, proposed_percentage: null, proposed_explanation: explanation, approved_rating: r, explanation, rating_date: '2025-10-08' });
  await db
    .insertInto('judgement_ratings')
    .values([
      rating('safe', 'Good', ['saf-2024: 75% → Good']),
      rating('effective', 'Good', ['saf-2024: 75% → Good']),
      rating('caring', 'Good', ['saf-2024: 75% → Good']),
      rating('responsive', 'Requires improvement', ['saf-2024: 50% → Requires improvement']),
      rating('wellLed', 'Inadequate', ['Limiter: the warning notice for Regulation 17 makes well-led Inadequate']),
      rating('overall', 'Requires improvement', ['primary-medical: one Inadequate and one Requires improvement → Requires improvement']),
    ] as never)
    .execute();
  const breach = await db
    .insertInto('breaches')
    .values({ inspection_id: inspectionId, regulation: '17', paragraph: '17(1), 17(2)(a)(b)', key_question: 'wellLed', quality_statements: ['W5'], description: 'Systems to assess, monitor and mitigate risks were not operated effectively.', evidence_item_ids: [evidence[0]!.id], recorded_by: lead, recorded_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const issued = opts.warningNoticeOn ?? '2025-10-24';
  await db
    .insertInto('enforcement_actions')
    .values({ inspection_id: inspectionId, breach_id: breach.id, organisation_id: w.practice.id, kind: 'warning-notice', state: 'issued', issued_on: issued, compliance_date: '2025-12-24', created_by: lead, created_at: at, updated_at: at })
    .execute();
  await db.updateTable('inspections').set({ state: 'draft_report' }).where('id', '=', inspectionId).execute();
}

export type ReportTrait = 'drafted' | 'approved' | 'factual_accuracy' | 'publication_ready' | 'published';

/**
 * Takes a judged inspection through the report services up to the given stage, as the real
 * roles would (lead drafts, manager approves, practice comments, reviewer decides, manager publishes).
 */
export async function reportAtStage(t: TestApp, w: PracticeWorld, clock: MovableClock, inspectionId: string, stage: ReportTrait): Promise<void> {
  const svc = {
    draft: await import('../../src/services/reports/report-draft.service.js'),
    review: await import('../../src/services/reports/report-review.service.js'),
    fa: await import('../../src/services/reports/factual-accuracy.service.js'),
    pub: await import('../../src/services/reports/publication.service.js'),
  };
  const as = async (user: TestUser) => serviceContextFor(t, user, clock);
  const order: ReportTrait[] = ['drafted', 'approved', 'factual_accuracy', 'publication_ready', 'published'];
  const upTo = (s: ReportTrait) => order.indexOf(s) <= order.indexOf(stage);
  clock.set('2025-10-27T11:00:00Z');
  await svc.draft.createDraftReport(await as(w.people.lead), inspectionId);
  const flags = await svc.draft.listPersonalDataFlags(await as(w.people.lead), inspectionId);
  if (flags.some((f) => f.status === 'open')) throw new Error(`reportAtStage: the judged quote has personal data: ${flags.map((f) => f.matched).join(', ')}`);
  if (!upTo('approved')) return;
  await svc.review.submitForApproval(await as(w.people.lead), inspectionId);
  clock.set('2025-11-28T10:00:00Z');
  await svc.review.approveDraft(await as(w.people.manager), inspectionId);
  if (!upTo('factual_accuracy')) return;
  clock.set('2025-12-01T09:00:00Z');
  await svc.fa.sendForFactualAccuracy(await as(w.people.lead), inspectionId);
  if (!upTo('publication_ready')) return;
  clock.set('2025-12-10T09:00:00Z');
  const practice = await as(w.people.practiceManager);
  await svc.fa.saveComment(practice, inspectionId, { sectionKey: 'qs:W5', passage: 'for the last year', category: 'typo_or_figure', comment: 'Reviews were missing for six months.' });
  await svc.fa.submitFactualAccuracy(practice, inspectionId, { noInaccuracies: false });
  const reviewer = await as(w.people.reviewer);
  const fa = await svc.fa.getFactualAccuracy(reviewer, inspectionId);
  for (const c of fa.comments) await svc.fa.decideComment(reviewer, inspectionId, c.id, { decision: 'rejected', reason: 'The records seen on the day covered the whole year.' });
  await svc.fa.completeFactualAccuracyReview(reviewer, inspectionId);
  if (!upTo('published')) return;
  clock.set('2026-02-10T09:30:00Z');
  await svc.pub.publishReport(await as(w.people.manager), inspectionId);
}

/** The same story without an app (the browser tier seeds its own database): plan, notify, fieldwork through the services. */
export async function inspectionThroughFieldworkViaServices(db: Db, config: TestApp['config'], w: PracticeWorld, clock: MovableClock): Promise<{ id: string; app: TestApp }> {
  const app = { database: { db }, config } as unknown as TestApp;
  const { createInspection } = await import('../../src/services/inspections/inspection-plan.service.js');
  const { changeInspectionState } = await import('../../src/services/inspections/inspection-lifecycle.service.js');
  clock.set('2025-09-22T09:00:00Z');
  const lead = await serviceContextFor(app, w.people.lead, clock);
  const created = await createInspection(lead, practiceInspectionBody(w, '2025-10-07', '2025-10-08'));
  await confirmTeam(app, created.id, w.people.manager, clock);
  await changeInspectionState(lead, created.id, { event: 'notify' });
  clock.set('2025-10-07T08:30:00Z');
  await changeInspectionState(await serviceContextFor(app, w.people.lead, clock), created.id, { event: 'start_fieldwork' });
  clock.set('2025-10-08T17:00:00Z');
  await changeInspectionState(await serviceContextFor(app, w.people.lead, clock), created.id, { event: 'end_fieldwork' });
  return { id: created.id, app };
}

/**
 * Writes every section of the draft that still holds its structure's placeholder (issue 15: a
 * placeholder blocks approval and publication), one saved version each, through the API.
 */
export async function writePlaceholderSections(client: ReportApiClient, inspectionId: string, text: (heading: string) => string | null = (h) => `What we found about ${h.toLowerCase()}: services shared information well and knew their responsibilities.`): Promise<void> {
  let report = (await client.get(`/inspections/${inspectionId}/report`)).json();
  for (const key of report.sectionsToWrite as string[]) {
    const section = (report.sections as { key: string; heading: string }[]).find((s) => s.key === key)!;
    const body = text(section.heading);
    if (body === null) continue;
    const res = await client.put(`/inspections/${inspectionId}/report/sections/${encodeURIComponent(key)}`, { body, basedOnVersion: report.currentVersion });
    if (res.statusCode !== 200) throw new Error(`write ${key}: ${res.body}`);
    report = res.json().report;
  }
}
