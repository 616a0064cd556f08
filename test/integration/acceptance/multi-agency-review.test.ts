/**
 * Acceptance (issue 15, items 1 to 3 and their demo): the Luton area review as a multi-agency review.
 * The council commissioner and the trust's head of safeguarding each see their part of the review
 * and nothing else; organisations are found by name, postcode or code and one with no code is
 * created (warned of a similar name); the joint action plan is drafted by three organisations,
 * submitted by the lead, accepted and progressed by each owner, then changed only through a
 * recorded revision. Then, on a review of its own built from the factories: a tracked case with
 * linked evidence, the factual accuracy reviewer's queue listing the waiting check, and a section
 * still holding its placeholder blocking publication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, type ServiceContext } from '../../../src/services/context.js';
import { DEMO_PASSWORD } from '../../../src/services/demo/demo-accounts.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, fixedClock, type TestApp } from '../../support/test-app.js';
import { caseListCsv, confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { ReportApiClient, writePlaceholderSections } from '../../factories/report.factory.js';
import { createUser, TEST_PASSWORD, type TestUser } from '../../factories/user.factory.js';
import { createEvidenceItem } from '../../../src/services/fieldwork/evidence-items.service.js';
import { hashPassword } from '../../../src/services/passwords.js';

let t: TestApp;
let reviewId: string;
let reference: string;
const as = (email: string) => signIn(t.app, { email, password: DEMO_PASSWORD });
const COUNCIL = 'fiona.kaur@luton.example';
const TRUST = 'linda.osborne@nhs.example';
const ICB = 'caroline.hughes@nhs.example';
const LEAD = 'daniel.osei@inspectorate.example';

async function counts() {
  const db = t.database.db;
  const n = async (table: 'inspection_participants' | 'action_plan_actions' | 'action_plan_updates' | 'report_recommendation_addressees' | 'fa_recipients' | 'organisations') => Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const audit = Number((await db.selectFrom('audit_events').select(db.fn.countAll<number>().as('n')).where('action', '<>', 'REGISTER_IMPORTED').executeTakeFirstOrThrow()).n);
  return { participants: await n('inspection_participants'), actions: await n('action_plan_actions'), updates: await n('action_plan_updates'), addressees: await n('report_recommendation_addressees'), recipients: await n('fa_recipients'), organisations: await n('organisations'), audit };
}

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-12-01T10:00:00Z') });
  const ctx: ServiceContext = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: fixedClock('2026-12-01T10:00:00Z'), config: t.config, logger: createLogger('silent') };
  await loadDemoWorld(ctx);
  const before = await counts();
  await loadDemoWorld(ctx);
  expect(await counts(), 'loading the demo a second time changes nothing').toEqual(before);
  const review = await t.database.db.selectFrom('inspections').select(['id', 'reference']).where('area_name', '=', 'Luton').where('kind', '=', 'area_review_safeguarding_lac').executeTakeFirstOrThrow();
  reviewId = review.id;
  reference = review.reference;
}, 600_000);
afterAll(async () => t.close());

describe('organisations taking part in the Luton review', () => {
  it('lists each organisation in its capacity, with the services it runs or commissions', async () => {
    const lead = await as(LEAD);
    const page = await lead.get(`/inspections/${reviewId}/participants`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Organisations taking part');
    expect(page.body).toMatch(/Luton Borough Council<br><span class="govuk-body-s">E06000032<\/span><\/th>\s*<td class="govuk-table__cell" data-testid="capacity">Commissioner of a service in scope<\/td>\s*<td class="govuk-table__cell">Health Visiting, School Nursing, Contraception &amp; Sexual Health, Drugs &amp; Alcohol</);
    expect(page.body).toMatch(/Bedfordshire Hospitals NHS Foundation Trust<br>.*?<\/th>\s*<td class="govuk-table__cell" data-testid="capacity">Provider of a service in scope<\/td>\s*<td class="govuk-table__cell">Midwifery, A&amp;E</s);
    expect(page.body).toMatch(/data-testid="capacity">Lead commissioner</);
  });

  it('shows the council commissioner the review and exactly the part that concerns the council', async () => {
    const council = await as(COUNCIL);
    expect((await council.get('/inspections')).body).toContain(reference);
    expect((await council.get(`/inspections/${reviewId}`)).statusCode).toBe(200);
    // Visits: only to the services the council commissions.
    const programme = await council.get(`/inspections/${reviewId}/programme`);
    expect(programme.statusCode).toBe(200);
    expect(programme.body).toContain('Luton 0–19 Service hub');
    expect(programme.body).toContain('iCaSH Luton');
    expect(programme.body).not.toContain('Maternity unit, Luton and Dunstable University Hospital');
    expect(programme.body).not.toContain('Luton CAMHS');
    // Cases: those that used a council-commissioned service (pseudonymous references only).
    const cases = await council.get(`/inspections/${reviewId}/cases`);
    expect(cases.statusCode).toBe(200);
    expect(cases.body).toContain('LTN-0002'); // School Nursing; CAMHS
    expect(cases.body).not.toContain('LTN-0003'); // A&E; CAMHS only
    // Evidence: none was asked of the council, so none of the ICB's or the trust's shows.
    const evidence = await council.get(`/inspections/${reviewId}/evidence`);
    expect(evidence.statusCode).toBe(200);
    expect(evidence.body).not.toContain('Midwifery safeguarding supervision records');
    expect(evidence.body).not.toContain('Safeguarding children and young people policy');
    const trustRequest = await t.database.db.selectFrom('evidence_requests').select('id').where('inspection_id', '=', reviewId).where('title', '=', 'Midwifery safeguarding supervision records').executeTakeFirstOrThrow();
    expect((await council.get(`/inspections/${reviewId}/evidence/${trustRequest.id}`)).statusCode).toBe(404);
    // The council was sent the draft report for factual accuracy and answered.
    const recipient = await t.database.db.selectFrom('fa_recipients as r').innerJoin('organisations as o', 'o.id', 'r.organisation_id').select(['r.submitted_at', 'r.no_inaccuracies']).where('o.name', '=', 'Luton Borough Council').executeTakeFirstOrThrow();
    expect(recipient.submitted_at).not.toBeNull();
    // The action plan: the recommendation addressed to it and its own action, nothing else.
    const plan = await council.get(`/inspections/${reviewId}/action-plan`);
    expect(plan.statusCode).toBe(200);
    expect(plan.body).toContain('data-testid="scope-note"');
    expect(plan.body).toContain('review health assessments for looked-after children are not delayed');
    expect(plan.body).toContain('Priya Shah, Head of Children’s Public Health Commissioning (Luton Borough Council)');
    expect(plan.body).not.toContain('initial health assessments for looked-after children are completed within 20 working days');
    expect(plan.body).not.toContain('mandatory safeguarding handover entry');
    // Finding organisations to add is the inspection team's job.
    expect((await council.get(`/inspections/${reviewId}/participants/find?q=Luton`)).statusCode).toBe(404);
  });

  it('shows the trust its services’ visits, the evidence asked of it and its own actions only', async () => {
    const trust = await as(TRUST);
    const programme = await trust.get(`/inspections/${reviewId}/programme`);
    expect(programme.body).toContain('Maternity unit, Luton and Dunstable University Hospital');
    expect(programme.body).not.toContain('Luton 0–19 Service hub');
    const evidence = await trust.get(`/inspections/${reviewId}/evidence`);
    expect(evidence.body).toContain('Midwifery safeguarding supervision records');
    expect(evidence.body).not.toContain('Safeguarding children and young people policy');
    const plan = await trust.get(`/inspections/${reviewId}/action-plan`);
    expect(plan.body).toContain('mandatory safeguarding handover entry');
    expect(plan.body).not.toContain('Priya Shah');
    const councilAction = await t.database.db.selectFrom('action_plan_actions').select('id').where('owner_name', 'like', 'Priya Shah%').executeTakeFirstOrThrow();
    expect((await trust.post(`/action-plan-actions/${councilAction.id}/progress`, { text: 'Not ours' })).statusCode).toBe(403);
    expect((await trust.get(`/action-plan-actions/${councilAction.id}/edit`)).statusCode).toBe(404);
  });
});

describe('finding and adding organisations', () => {
  it('finds organisations by name, postcode and any code, on a page that needs no JavaScript', async () => {
    const lead = await as(LEAD);
    const byCode = await lead.get(`/inspections/${reviewId}/participants/find?q=E06000032`);
    expect(byCode.statusCode).toBe(200);
    expect(byCode.body).toContain('Luton Borough Council');
    expect(byCode.body).toContain('Local authority');
    expect((await lead.get(`/inspections/${reviewId}/participants/find?q=RC9`)).body).toContain('Bedfordshire Hospitals NHS Foundation Trust');
    expect((await lead.get(`/inspections/${reviewId}/participants/find?q=${encodeURIComponent('LU4 0DZ')}`)).body).toContain('Maternity and midwifery, Luton and Dunstable University Hospital');
    expect((await lead.get(`/inspections/${reviewId}/participants/find?q=QHG`)).body).toContain('NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board');
  });

  it('creates an organisation with no code, after warning of a similar name, and adds it as a partner', async () => {
    const lead = await as(LEAD);
    const url = `/inspections/${reviewId}/participants/new-organisation`;
    const form = { name: 'Change Grow Live Luton', kind: 'provider', town: 'Luton', postcode: 'lu1 2bq', localAuthorityCode: '', capacity: 'partner' };
    const warned = await lead.post(url, form);
    expect(warned.statusCode).toBe(409);
    expect(warned.body).toContain('An organisation with a similar name is already held');
    expect(warned.body).toContain('data-testid="similar-organisations"');
    expect(warned.body).toContain('value="Change Grow Live Luton"');
    const bad = await lead.post(url, { ...form, postcode: 'not a postcode' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real postcode, like LU1 2BQ, or leave it empty');
    const made = await lead.post(url, { ...form, confirmNotDuplicate: 'yes' });
    expect(TestSession.location(made)).toBe(`/inspections/${reviewId}/participants?notice=created`);
    const org = await t.database.db.selectFrom('organisations').selectAll().where('name', '=', 'Change Grow Live Luton').executeTakeFirstOrThrow();
    expect(org.minted_id).toMatch(/^INS-/);
    expect(org.postcode).toBe('LU1 2BQ');
    const page = await lead.get(`/inspections/${reviewId}/participants`);
    expect(page.body).toMatch(/Change Grow Live Luton<br>.*?data-testid="capacity">Partner</s);
  });
});

describe('due in the next 5 working days, for each organisation', () => {
  it('lists the actions an organisation owns (the ICB’s overdue one), never another’s, and no evidence once the review is published', async () => {
    const section = (html: string, key: string) => html.split(`data-testid="${key}"`)[1]?.split('</ul>')[0] ?? '';
    const icb = (await (await as(ICB)).get('/my-work')).body;
    expect(section(icb, 'overdue')).toContain('Action: Weekly tracking of initial health assessments');
    expect(section(icb, 'overdue')).toContain(`(Action, ${reference}): was due 20 November 2026`);
    expect(section(icb, 'overdue')).not.toContain('(Evidence,');
    const trust = (await (await as(TRUST)).get('/my-work')).body;
    expect(trust).not.toContain('Weekly tracking of initial health assessments');
    expect(section(trust, 'overdue')).not.toContain('(Evidence,');
  });
});

describe('the joint action plan', () => {
  it('was drafted by three organisations, sent by the lead, accepted and progressed by each owner', async () => {
    const db = t.database.db;
    const plan = await db.selectFrom('action_plans').selectAll().where('inspection_id', '=', reviewId).executeTakeFirstOrThrow();
    expect(plan.status).toBe('accepted');
    const actions = await db.selectFrom('action_plan_actions as a').innerJoin('organisations as o', 'o.id', 'a.owner_organisation_id').select(['a.id', 'o.name', 'a.owner_user_id', 'a.owner_name']).where('a.plan_id', '=', plan.id).orderBy('a.position').execute();
    expect(actions.map((a) => a.name)).toEqual(['NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board', 'Bedfordshire Hospitals NHS Foundation Trust', 'Luton Borough Council']);
    expect(actions[2]?.owner_user_id).toBeNull(); // a named person without an account
    const progressBy = await db.selectFrom('action_plan_updates as u').innerJoin('users', 'users.id', 'u.user_id').select(['u.action_id', 'users.email']).where('u.kind', '=', 'progress').where('u.action_id', 'in', actions.map((a) => a.id)).execute();
    expect(new Set(progressBy.map((p) => p.email))).toEqual(new Set([ICB, TRUST, COUNCIL]));
    const icb = await as(ICB);
    const page = await icb.get(`/inspections/${reviewId}/action-plan`);
    expect(page.body).toMatch(/data-testid="plan-status">Accepted</);
    expect(page.body.match(/data-testid="action"/g)).toHaveLength(3);
    expect(page.body.match(/data-testid="overdue"/g)).toHaveLength(1);
  });

  it('changes after acceptance only through a recorded revision, with edits and withdrawals kept in history', async () => {
    const planUrl = `/inspections/${reviewId}/action-plan`;
    const council = await as(COUNCIL);
    const councilAction = await t.database.db.selectFrom('action_plan_actions').select('id').where('owner_name', 'like', 'Priya Shah%').executeTakeFirstOrThrow();
    const edit = `/action-plan-actions/${councilAction.id}/edit`;
    const change = { title: 'Agree consent arrangements with placing authorities for review health assessments.', ownerOrganisationId: '', ownerUserId: '', ownerName: 'Priya Shah, Head of Children’s Public Health Commissioning', 'due-day': '31', 'due-month': '3', 'due-year': '2027', milestones: '', note: 'Placing authorities asked for more time' };
    // Accepted: a change is refused until the lead opens a revision.
    const refused = await council.get(edit);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('start a revision');
    const icb = await as(ICB);
    expect((await icb.post(`${planUrl}/revise`, { reason: '' })).body).toContain('Enter why the plan needs to change');
    expect(TestSession.location(await icb.post(`${planUrl}/revise`, { reason: 'Placing authorities need longer to agree the consent protocol.' }))).toBe(`${planUrl}?notice=revising`);
    expect((await icb.get(planUrl)).body).toMatch(/data-testid="revisions">\s*<li>Revision 1, started 1 December 2026 by Caroline Hughes: Placing authorities need longer/);
    // A due date in the past is refused, keeping what was typed.
    const past = await council.post(edit, { ...change, 'due-day': '20', 'due-month': '11', 'due-year': '2026', covers: [] });
    expect(past.statusCode).toBe(400);
    const school = await t.database.db.selectFrom('action_plan_action_items').select('item_id').where('action_id', '=', councilAction.id).executeTakeFirstOrThrow();
    const past2 = await council.post(edit, { ...change, 'due-day': '20', 'due-month': '11', 'due-year': '2026', covers: `recommendation:${school.item_id}` });
    expect(past2.statusCode).toBe(400);
    expect(past2.body).toContain('Due date must be today or in the future (today is 1 December 2026)');
    expect(past2.body).toContain('Placing authorities asked for more time</textarea>');
    expect(TestSession.location(await council.post(edit, { ...change, covers: `recommendation:${school.item_id}` }))).toBe(`${planUrl}?notice=edited`);
    const after = await council.get(planUrl);
    expect(after.body).toContain('Due date changed from 26 February 2027 to 31 March 2027');
    expect(after.body).toContain('Why: Placing authorities asked for more time');
    // The trust cannot send the joint plan; the lead does.
    const trust = await as(TRUST);
    expect((await trust.post(`${planUrl}/submit`, {})).statusCode).toBe(403);
    // A withdrawal needs a reason, and is kept.
    const trustAction = await t.database.db.selectFrom('action_plan_actions').select('id').where('owner_user_id', 'is not', null).where('title', 'like', 'Add a mandatory%').executeTakeFirstOrThrow();
    expect((await trust.post(`/action-plan-actions/${trustAction.id}/withdraw`, { reason: '' })).body).toContain('Enter why the action is withdrawn');
    expect(TestSession.location(await trust.post(`/action-plan-actions/${trustAction.id}/withdraw`, { reason: 'Replaced by the maternity digital record project.' }))).toBe(`${planUrl}?notice=withdrawn`);
    // Sending now fails: the midwifery recommendation is no longer answered.
    const uncovered = await icb.post(`${planUrl}/submit`, {});
    expect(uncovered.statusCode).toBe(400);
    expect(uncovered.body).toContain('The plan does not yet cover');
    const midwifery = await t.database.db.selectFrom('action_plan_action_items').select('item_id').where('action_id', '=', trustAction.id).executeTakeFirstOrThrow();
    const linda = await t.database.db.selectFrom('users').select('id').where('email', '=', TRUST).executeTakeFirstOrThrow();
    const trustOrg = await t.database.db.selectFrom('organisations').select('id').where('name', '=', 'Bedfordshire Hospitals NHS Foundation Trust').executeTakeFirstOrThrow();
    expect((await trust.post(`${planUrl}/actions`, { title: 'Safeguarding handover built into the maternity digital record.', ownerOrganisationId: trustOrg.id, ownerUserId: linda.id, ownerName: '', 'due-day': '30', 'due-month': '4', 'due-year': '2027', covers: `recommendation:${midwifery.item_id}`, milestones: '' })).statusCode).toBe(303);
    expect(TestSession.location(await icb.post(`${planUrl}/submit`, {}))).toBe(`${planUrl}?notice=submitted`);
    const lead = await as(LEAD);
    expect(TestSession.location(await lead.post(`${planUrl}/review`, { decision: 'accept', note: 'Revision accepted.' }))).toBe(`${planUrl}?notice=reviewed`);
    const final = await lead.get(planUrl);
    expect(final.body).toMatch(/data-testid="plan-status">Accepted</);
    expect(final.body).toContain('Withdrawn: Replaced by the maternity digital record project.');
    expect((await council.post(`/action-plan-actions/${councilAction.id}/progress`, { text: 'Protocol agreed with Bedfordshire.' })).statusCode).toBe(303);
  });
});

describe('a review from case tracking to publication', () => {
  let t2: TestApp;
  let w: LutonWorld;
  let reviewer: TestUser;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let api: Record<'lead' | 'icb' | 'manager' | 'reviewer', ReportApiClient>;
  let id = '';
  let ref = '';
  let target = { caseId: '', caseReference: '' };
  let evidenceId = '';
  const page = (who: TestUser) => signIn(t2.app, { email: who.email, password: TEST_PASSWORD });

  beforeAll(async () => {
    t2 = await createTestApp({ clock });
    w = await createLutonWorld(t2.database.db);
    reviewer = await createUser(t2.database.db, 'factualAccuracyReviewer', { organisation: w.regulator, name: 'Rowan Reviewer' });
    await t2.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', 'in', Object.values(w.people).map((p) => p.id)).execute();
    api = {
      lead: new ReportApiClient(t2.app, await tokenFor(t2, w.people.lead, clock)),
      icb: new ReportApiClient(t2.app, await tokenFor(t2, w.people.executiveLead, clock)),
      manager: new ReportApiClient(t2.app, await tokenFor(t2, w.people.manager, clock)),
      reviewer: new ReportApiClient(t2.app, await tokenFor(t2, reviewer, clock)),
    };
    const team = [...(lutonInspectionBody(w).team as object[]), { userId: w.people.manager.id, role: 'inspection_manager' }];
    const created = (await api.lead.post('/inspections', lutonInspectionBody(w, { team }))).json();
    id = created.id;
    ref = created.reference;
    await confirmTeam(t2, id, w.people.manager, clock);
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
    expect((await api.icb.csv(`/inspections/${id}/case-list`, caseListCsv(12))).json()).toMatchObject({ inserted: 12 });
    const drawn = await api.lead.post(`/inspections/${id}/samples`, { criteria: { consentRequired: true }, design: { kind: 'simple', size: 4 }, seed: 'acceptance', rationale: 'Four families to follow through the services.' });
    expect(drawn.statusCode, drawn.body).toBe(201);
    target = drawn.json().members[0];
    clock.set('2026-11-30T08:00:00Z');
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).statusCode).toBe(200);
    evidenceId = (await createEvidenceItem(await serviceContextFor(t2, w.people.lead, clock), id, { type: 'record_review', qualityStatements: ['S2'], evidenceCategory: 'processes', refersToDate: '2026-11-30', body: 'Maternity record: the safeguarding handover to health visiting was by phone and not written down.', status: 'recorded' })).id;
  }, 120_000);
  afterAll(async () => t2.close());

  it('a tracked case with linked evidence: what was seen, read and found, and the evidence item, shown on the case and in the summary', async () => {
    const lead = await page(w.people.lead);
    const path = `/inspections/${id}/cases/${target.caseId}/tracking`;
    expect(TestSession.location(await lead.post(path, { servicesSeen: ['Midwifery', 'Health Visiting'], recordsRead: 'Maternity record, health visiting record' }))).toBe(`${path}?notice=recorded`);
    expect(TestSession.location(await lead.post(`${path}/findings`, { kind: 'concern', text: 'The safeguarding handover to health visiting was not written in the maternity record.', serviceName: 'Midwifery' }))).toBe(`${path}?notice=finding`);
    expect(TestSession.location(await lead.post(`${path}/links`, { target: `evidence_item:${evidenceId}` }))).toBe(`${path}?notice=linked`);
    const shown = await lead.get(path);
    const links = shown.body.slice(shown.body.indexOf('data-testid="tracked-case-links"'));
    expect(links).toContain('<strong>Evidence item:</strong> Record review, 30 November 2026: Maternity record: the safeguarding handover');
    const tracked = (await api.lead.get(`/inspections/${id}/cases/${target.caseId}/tracking`)).json();
    expect(tracked.links.map((l: { kind: string; targetId: string }) => [l.kind, l.targetId])).toEqual([['evidence_item', evidenceId]]);
    expect(tracked.findings.map((f: { kind: string }) => f.kind)).toEqual(['concern']);
    const summary = await lead.get(`/inspections/${id}/case-tracking`);
    expect(summary.body).toContain('1 case of the 4 sampled cases tracked so far.');
    // The findings are the team's: the ICB sees which of its cases were sampled, never what was found.
    expect((await (await page(w.people.executiveLead)).get(path)).statusCode).toBe(404);
  });

  it('the factual accuracy reviewer’s queue lists the check waiting for her decisions', async () => {
    clock.set('2026-12-04T16:00:00Z');
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'end_fieldwork' })).statusCode).toBe(200);
    clock.set('2026-12-07T10:00:00Z');
    expect((await api.manager.post(`/inspections/${id}/judgement/approval`, {})).statusCode).toBe(200);
    const draft = await api.lead.post(`/inspections/${id}/report`);
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().sections.find((x: { key: string }) => x.key === 'case-tracking').body).toContain('We tracked 1 case from the sample');
    await writePlaceholderSections(api.lead, id);
    expect((await api.lead.post(`/inspections/${id}/report/recommendations`, { strength: 'should', text: 'Audit the quality of safeguarding referrals each year.', organisationId: w.icb.id })).statusCode).toBe(201);
    expect((await api.lead.post(`/inspections/${id}/report/submission`)).statusCode).toBe(200);
    clock.set('2026-12-08T10:00:00Z');
    expect((await api.manager.post(`/inspections/${id}/report/approval`, { decision: 'approve' })).json().stage).toBe('approved');
    clock.set('2026-12-09T09:00:00Z');
    expect((await api.lead.post(`/inspections/${id}/report/factual-accuracy`)).statusCode).toBe(200);
    const section = (html: string) => html.split('data-testid="queue-fa_review"')[1]?.split('</section>')[0] ?? '';
    expect(section((await (await page(reviewer)).get('/my-work')).body)).not.toContain(ref);
    clock.set('2026-12-14T11:00:00Z');
    expect((await api.icb.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'recommendations', passage: 'each year', category: 'typo_or_figure', comment: 'Audits are every six months across the area.' })).statusCode).toBe(200);
    expect((await api.icb.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: false })).statusCode).toBe(200);
    const s = await page(reviewer);
    expect((await s.get('/inspections')).body).not.toContain(ref);
    const queue = section((await s.get('/my-work')).body);
    expect(queue).toContain(ref);
    expect(queue).toContain('1 comment to decide');
    expect(queue).toContain(`href="/inspections/${id}/report/factual-accuracy/review"`);
    expect((await s.get(`/inspections/${id}/report/factual-accuracy/review`)).body).toContain('Audits are every six months across the area.');
  });

  it('a section still holding its placeholder blocks publication, naming it', async () => {
    clock.set('2026-12-21T10:00:00Z');
    const fa = (await api.reviewer.get(`/inspections/${id}/report/factual-accuracy`)).json();
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${fa.comments[0].id}/decision`, { decision: 'rejected', reason: 'Audits are annual in the area’s safeguarding plan.' })).statusCode).toBe(200);
    // A section added while comments are reviewed, and not written.
    const r = (await api.lead.get(`/inspections/${id}/report`)).json();
    expect((await api.lead.post(`/inspections/${id}/report/sections`, { group: 'management', heading: 'Information sharing', basedOnVersion: r.currentVersion })).statusCode).toBe(201);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/review-complete`)).json().stage).toBe('publication_ready');
    clock.set('2026-12-22T09:00:00Z');
    const manager = await page(w.people.manager);
    expect((await manager.get(`/inspections/${id}/report`)).body).toContain('Still to write before the report can be approved or published: Information sharing.');
    const refused = await manager.post(`/inspections/${id}/report/publication`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The report cannot be published while a section still holds placeholder text: &quot;Information sharing&quot;.');
    const linkId = (await t2.database.db.selectFrom('inspection_reports').select('link_id').executeTakeFirstOrThrow()).link_id;
    expect((await t2.app.inject({ url: `/reports/${linkId}` })).statusCode).toBe(404);
    expect((await api.lead.get(`/inspections/${id}/report`)).json().stage).toBe('publication_ready');
  });
});
