/**
 * Issue 15: report structures per kind of inspection. The Luton area review's draft follows the
 * published reviews of health services for children looked after and safeguarding; a GP practice's
 * draft has the key questions. Sections are added where the structure allows; a section still
 * holding its placeholder blocks approval and publication (naming the sections); during factual
 * accuracy the reviewer's accepted change rewords a recommendation, shown as a tracked change.
 * Written as self-contained `it` blocks over one story so they can move into the shared acceptance file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, ReportApiClient, writePlaceholderSections } from '../../factories/report.factory.js';
import { createUser, TEST_PASSWORD, type TestUser } from '../../factories/user.factory.js';
import { createPersonalAccessToken } from '../../../src/services/api-tokens/personal-access-tokens.service.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { TOKEN_SCOPES } from '../../../src/domain/access/permissions.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const AREA_HEADINGS = [
  'Summary',
  'How we carried out the review',
  'Cases we tracked',
  "The child's journey",
  'Early help',
  'Children in need',
  'Child protection',
  'Looked after children',
  'Management',
  'Leadership and management',
  'Governance',
  'Training and supervision',
  'Recommendations',
];

describe('report structures: the area review', () => {
  let t: TestApp;
  let w: LutonWorld;
  let reviewer: TestUser;
  const clock = new MovableClock(new Date('2026-09-10T09:00:00Z'));
  const api = {} as Record<keyof LutonWorld['people'] | 'reviewer', ReportApiClient>;
  let id = '';
  const base = () => `/inspections/${id}/report`;
  const page = (who: TestUser) => signIn(t.app, { email: who.email, password: TEST_PASSWORD });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    reviewer = await createUser(t.database.db, 'factualAccuracyReviewer', { organisation: w.regulator, name: 'Rowan Reviewer' });
    // The Luton people sign in through the pages too.
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', 'in', Object.values(w.people).map((p) => p.id)).execute();
    for (const [key, user] of Object.entries({ ...w.people, reviewer })) {
      const { token } = await createPersonalAccessToken(await serviceContextFor(t, user, clock), { name: 'structures test', expiresInDays: 366, scopes: [...TOKEN_SCOPES] });
      api[key as keyof typeof api] = new ReportApiClient(t.app, token);
    }
    const team = [...(lutonInspectionBody(w).team as object[]), { userId: w.people.manager.id, role: 'inspection_manager' }];
    const created = await api.lead.post('/inspections', lutonInspectionBody(w, { fieldworkStart: '2026-09-14', fieldworkEnd: '2026-09-18', plannedNotificationDate: '2026-09-10', caseListDueDate: '2026-09-11', team }));
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    await confirmTeam(t, id, w.people.manager, clock);
    for (const [event, at] of [
      ['notify', '2026-09-10T09:00:00Z'],
      ['start_fieldwork', '2026-09-14T08:00:00Z'],
      ['end_fieldwork', '2026-09-18T16:00:00Z'],
    ] as const) {
      clock.set(at);
      const res = await api.lead.post(`/inspections/${id}/transitions`, { event });
      expect(res.statusCode, res.body).toBe(200);
    }
    clock.set('2026-09-21T10:00:00Z');
    expect((await api.manager.post(`/inspections/${id}/judgement/approval`, {})).statusCode).toBe(200);
    clock.set('2026-09-22T10:00:00Z');
  });
  afterAll(async () => t.close());

  it("the draft follows the child's journey, then management, then recommendations; the unwritten sections are marked", async () => {
    const res = await api.lead.post(`/inspections/${id}/report`);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.structure).toBe('area-review-safeguarding-lac/1');
    expect(r.sections.map((s: { heading: string }) => s.heading)).toEqual(AREA_HEADINGS);
    expect(r.sectionsToWrite).toEqual(['case-tracking', 'journey:early-help', 'journey:children-in-need', 'journey:child-protection', 'journey:looked-after-children', 'management:leadership', 'management:governance', 'management:training']);
    const workspace = await (await page(w.people.lead)).get(base());
    expect(workspace.statusCode).toBe(200);
    expect(workspace.body).toContain('Still to write before the report can be approved or published: Cases we tracked, Early help, Children in need');
    expect(workspace.body.match(/>\s*To write\s*</g)?.length).toBe(8);
  });

  it('a section can be added where the structure allows (and removed again); a duplicate or empty heading is refused', async () => {
    const lead = await page(w.people.lead);
    const v = (await api.lead.get(`/inspections/${id}/report`)).json().currentVersion;
    const added = await lead.post(`${base()}/sections`, { group: 'journey', heading: 'Care leavers', basedOnVersion: String(v) });
    expect(TestSession.location(added)).toBe(`${base()}?notice=section-added`);
    const r = (await api.lead.get(`/inspections/${id}/report`)).json();
    const headings = r.sections.map((s: { heading: string }) => s.heading);
    expect(headings.indexOf('Care leavers')).toBe(headings.indexOf('Looked after children') + 1);
    expect(r.sectionsToWrite).toContain('journey:added-1');

    const duplicate = await lead.post(`${base()}/sections`, { group: 'journey', heading: 'early help', basedOnVersion: String(r.currentVersion) });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('The report already has a section called &quot;early help&quot;');
    const empty = await lead.post(`${base()}/sections`, { group: 'management', heading: ' ', basedOnVersion: String(r.currentVersion) });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the heading of the new section');
    // The key questions' population groups are not part of this structure.
    const elsewhere = await api.lead.post(`/inspections/${id}/report/sections`, { group: 'population', heading: 'Older people', basedOnVersion: r.currentVersion });
    expect(elsewhere.statusCode).toBe(400);

    const removed = await lead.post(`${base()}/sections/${encodeURIComponent('journey:added-1')}/remove`, { basedOnVersion: String(r.currentVersion) });
    expect(TestSession.location(removed)).toBe(`${base()}?notice=section-removed`);
    const after = (await api.lead.get(`/inspections/${id}/report`)).json();
    expect(after.sections.map((s: { heading: string }) => s.heading)).toEqual(AREA_HEADINGS);
    const structural = await api.lead.delete(`/inspections/${id}/report/sections/${encodeURIComponent('journey:early-help')}?basedOnVersion=${after.currentVersion}`);
    expect(structural.statusCode).toBe(400);
    expect(structural.json().error.message).toContain('"Early help" is part of the report\'s structure and cannot be removed');
  });

  it('a placeholder section blocks approval: the message names the sections', async () => {
    const lead = await page(w.people.lead);
    const refused = await lead.post(`${base()}/submission`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The report cannot be sent for approval while 8 sections still hold placeholder text: &quot;Cases we tracked&quot;, &quot;Early help&quot;');
    expect(refused.body).toContain('&quot;Training and supervision&quot;. Write them.');
    expect((await api.lead.get(`/inspections/${id}/report`)).json().stage).toBe('drafting');

    // Written in part, it is still refused, naming only what is left.
    await writePlaceholderSections(api.lead, id, (h) => (h === 'Governance' ? null : `What we found about ${h.toLowerCase()}: staff knew the families well.`));
    const still = await api.lead.post(`/inspections/${id}/report/submission`);
    expect(still.statusCode).toBe(409);
    expect(still.json().error.message).toBe('The report cannot be sent for approval while a section still holds placeholder text: "Governance". Write it.');
    await writePlaceholderSections(api.lead, id);
    expect((await api.lead.get(`/inspections/${id}/report`)).json().sectionsToWrite).toEqual([]);
  });

  let recommendationId = '';
  it('written, it goes through approval to factual accuracy; the ICB comments on a recommendation', async () => {
    const rec = await api.lead.post(`/inspections/${id}/report/recommendations`, { strength: 'should', text: 'Audit the quality of safeguarding referrals each year.', organisationId: w.icb.id });
    expect(rec.statusCode, rec.body).toBe(201);
    recommendationId = rec.json().id;
    expect((await api.lead.post(`/inspections/${id}/report/submission`)).statusCode).toBe(200);
    clock.set('2026-09-29T10:00:00Z');
    expect((await api.manager.post(`/inspections/${id}/report/approval`, { decision: 'approve' })).json().stage).toBe('approved');
    clock.set('2026-10-01T09:00:00Z');
    expect((await api.lead.post(`/inspections/${id}/report/factual-accuracy`)).statusCode).toBe(200);
    clock.set('2026-10-08T11:00:00Z');
    const comment = await api.executiveLead.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'recommendations', passage: 'each year', category: 'typo_or_figure', comment: 'Audits are every six months across the area.' });
    expect(comment.statusCode, comment.body).toBe(200);
    expect((await api.executiveLead.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: false })).statusCode).toBe(200);
  });

  it("the reviewer's accepted change rewords the recommendation, shown as a tracked change to the team and the ICB, never on the public report", async () => {
    clock.set('2026-10-20T10:00:00Z');
    const fa = (await api.reviewer.get(`/inspections/${id}/report/factual-accuracy`)).json();
    const commentId = fa.comments[0].id as string;
    const rev = await page(reviewer);
    // Not before the comment is accepted.
    const early = await rev.post(`${base()}/factual-accuracy/comments/${commentId}/recommendation`, { recommendationId, text: 'Audit the quality of safeguarding referrals every six months.' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Accept (or partly accept) the comment before changing the recommendation');
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${commentId}/decision`, { decision: 'accepted', changeMade: 'The recommendation now says every six months.' })).statusCode).toBe(200);
    const form = await rev.get(`${base()}/factual-accuracy/review`);
    expect(form.body).toContain('Change a recommendation’s wording for this accepted comment');
    const empty = await rev.post(`${base()}/factual-accuracy/comments/${commentId}/recommendation`, { recommendationId, text: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the new wording of the recommendation');
    const done = await rev.post(`${base()}/factual-accuracy/comments/${commentId}/recommendation`, { recommendationId, text: 'Audit the quality of safeguarding referrals every six months.' });
    expect(TestSession.location(done)).toBe(`${base()}/factual-accuracy/review`);

    const tracked = /<del><span class="govuk-visually-hidden">Wording removed: <\/span>Audit the quality of safeguarding referrals each year\.<\/del> <ins><span class="govuk-visually-hidden">Wording now: <\/span>Audit the quality of safeguarding referrals every six months\.<\/ins>/;
    expect((await rev.get(`${base()}/factual-accuracy/review`)).body).toMatch(tracked);
    expect((await (await page(w.people.lead)).get(base())).body).toMatch(tracked);
    const icbPage = await (await page(w.people.executiveLead)).get(`${base()}/factual-accuracy?section=recommendations`);
    expect(icbPage.statusCode).toBe(200);
    expect(icbPage.body).toMatch(tracked);
    // The lead inspector is on the team: not the independent reviewer.
    const byLead = await api.lead.put(`/inspections/${id}/report/recommendations/${recommendationId}/wording`, { text: 'Something else.', commentId });
    expect(byLead.statusCode).toBe(403);
  });

  it('a placeholder section blocks publication: the manager sends it back, the team writes it, then it is published', async () => {
    // A section added during the review of comments, and not written.
    const r = (await api.lead.get(`/inspections/${id}/report`)).json();
    expect((await api.lead.post(`/inspections/${id}/report/sections`, { group: 'management', heading: 'Information sharing', basedOnVersion: r.currentVersion })).statusCode).toBe(201);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/review-complete`)).json().stage).toBe('publication_ready');

    clock.set('2026-10-27T09:00:00Z');
    const manager = await page(w.people.manager);
    const ready = await manager.get(base());
    expect(ready.body).toContain('Still to write before the report can be approved or published: Information sharing.');
    const refused = await manager.post(`${base()}/publication`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The report cannot be published while a section still holds placeholder text: &quot;Information sharing&quot;. Write it, or remove the sections you added and do not need.');
    const apiRefused = await api.manager.post(`/inspections/${id}/report/publication`);
    expect(apiRefused.statusCode).toBe(409);
    expect(apiRefused.json().error.code).toBe('placeholder_sections');
    const linkId = (await t.database.db.selectFrom('inspection_reports').select('link_id').executeTakeFirstOrThrow()).link_id;
    expect((await t.app.inject({ url: `/reports/${linkId}` })).statusCode).toBe(404);

    const noReason = await manager.post(`${base()}/reopen`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(TestSession.location(await manager.post(`${base()}/reopen`, { reason: 'Write the section on information sharing.' }))).toBe(`${base()}?notice=reopened`);
    await writePlaceholderSections(api.lead, id, () => 'Information was shared well between health visitors and school nurses, but not always with adult mental health services.');
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/review-complete`)).json().stage).toBe('publication_ready');
    const published = await api.manager.post(`/inspections/${id}/report/publication`);
    expect(published.statusCode, published.body).toBe(200);

    const pub = await t.app.inject({ url: `/reports/${linkId}` });
    expect(pub.statusCode).toBe(200);
    for (const h of ['Early help', 'Children in need', 'Child protection', 'Looked after children', 'Leadership and management', 'Governance', 'Training and supervision', 'Information sharing']) expect(pub.body).toContain(h);
    expect(pub.body).not.toContain('[To write');
    expect(pub.body).toContain('Audit the quality of safeguarding referrals every six months.');
    expect(pub.body).not.toContain('each year');
    expect(pub.body).not.toContain('<del>');
  });
});

describe('report structures: a GP practice has the key questions', () => {
  let t: TestApp;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('the draft has a summary and the five key questions, and a population group can be added after them', async () => {
    const w = await createPracticeWorld(t.database.db);
    const apis = await practiceApis(t, w, clock);
    const id = await inspectionThroughFieldwork(apis, w, clock);
    await judgeInspection(t.database.db, id, w);
    clock.set('2025-10-27T11:00:00Z');
    const r = (await apis.lead.post(`/inspections/${id}/report`)).json();
    expect(r.structure).toBe('key-questions/1');
    const kqs = r.sections.filter((s: { level: number }) => s.level === 2).map((s: { heading: string }) => s.heading);
    expect(kqs).toEqual(expect.arrayContaining(['Summary', 'Safe', 'Effective', 'Caring', 'Responsive', 'Well-led', 'Recommendations']));
    const added = await apis.lead.post(`/inspections/${id}/report/sections`, { group: 'population', heading: 'Older people', basedOnVersion: r.currentVersion });
    expect(added.statusCode, added.body).toBe(201);
    const keys = added.json().report.sections.map((s: { key: string }) => s.key);
    expect(keys.indexOf('population:added-1')).toBe(keys.indexOf('recommendations') - (keys.includes('breaches') ? 2 : 1));
    expect(added.json().report.sectionsToWrite).toContain('population:added-1');
    const refused = await apis.lead.post(`/inspections/${id}/report/submission`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('"Older people"');
  });
});
