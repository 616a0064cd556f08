/**
 * The report pages, driven as a person would through the forms (no JavaScript): the lead
 * inspector drafts, the manager returns and approves, the practice comments and submits,
 * the reviewer decides, the manager publishes and the practice adds its response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, type PracticeWorld } from '../../factories/report.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('report pages', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const as = (who: keyof PracticeWorld['people']) => signIn(t.app, { email: w.people[who].email, password: TEST_PASSWORD });
  const base = () => `/inspections/${id}/report`;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    id = await inspectionThroughFieldwork(await practiceApis(t, w, clock), w, clock);
    await judgeInspection(t.database.db, id, w);
    clock.set('2025-10-27T11:00:00Z');
  });
  afterAll(async () => t.close());

  it('the lead inspector starts the draft and edits a section; an empty section is refused and the typed note kept', async () => {
    const manager = await as('manager');
    const waiting = await manager.get('/reports/drafts');
    expect(waiting.body).toContain('Judgement approved: draft not started');
    expect(waiting.body).toContain('Stopsley Village Practice');
    const lead = await as('lead');
    const empty = await lead.get(base());
    expect(empty.body).toContain('Start the draft report');
    const started = await lead.post(`${base()}/start`, {});
    expect(TestSession.location(started)).toBe(`${base()}?notice=started`);
    const page = await lead.get(TestSession.location(started));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Draft report started from the approved judgement');
    expect(page.body).toContain('Lead inspector: Grace Lead');
    expect(page.body).toContain('Governance, management and sustainability');

    const editor = await lead.get(`${base()}/sections/summary`);
    expect(editor.body).toMatch(/<title>Edit Summary – Stopsley Village Practice/);
    const bad = await lead.post(`${base()}/sections/summary`, { body: '  ', note: 'my note', basedOnVersion: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Enter the text of the section');
    expect(bad.body).toContain(">my note</textarea>");
    const good = await lead.post(`${base()}/sections/summary`, { body: 'We found the practice well organised, with weak governance.', note: 'Tightened', basedOnVersion: '1' });
    expect(TestSession.location(good)).toBe(`${base()}?notice=saved`);
    const compare = await lead.get(`${base()}/compare?from=1&to=2`);
    expect(compare.body).toContain('1 section changed.');
    expect(compare.body).toContain('<ins class="report-diff__ins">');
    expect((await lead.get(`${base()}/personal-data`)).body).toContain('Nothing unresolved.');
    expect(TestSession.location(await lead.post(`${base()}/submission`, {}))).toBe(`${base()}?notice=submitted`);
  });

  it('the manager must give comments to return; then approves', async () => {
    const manager = await as('manager');
    expect((await manager.get(`${base()}/review`)).body).toContain('Approve or return the draft report');
    const noComment = await manager.post(`${base()}/review`, { decision: 'return', comments: '' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toContain('Say what needs to change before the draft can be approved');
    const ok = await manager.post(`${base()}/review`, { decision: 'approve', comments: '' });
    expect(ok.statusCode).toBe(303);
    clock.set('2025-12-01T09:00:00Z');
    const lead = await as('lead');
    expect(TestSession.location(await lead.post(`${base()}/send`, {}))).toBe(`${base()}?notice=sent`);
  });

  it("the practice's factual accuracy page: the deadline, sections to move between, comments saved as it goes, submitted once", async () => {
    const practice = await as('practiceManager');
    const page = await practice.get(`${base()}/factual-accuracy`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('by the end of 15 December 2025');
    const w5 = await practice.get(`${base()}/factual-accuracy?section=qs%3AW5`);
    expect(w5.body).toContain('Significant event reviews for the last year');
    const missing = await practice.post(`${base()}/factual-accuracy/comments`, { sectionKey: 'qs:W5', passage: 'for the last year', category: '', comment: 'Only six months were missing.', proposedChange: '', evidence: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose the kind of comment: A, B or C');
    expect(missing.body).toContain('Only six months were missing.');
    const saved = await practice.post(`${base()}/factual-accuracy/comments`, { sectionKey: 'qs:W5', passage: 'for the last year', category: 'typo_or_figure', comment: 'Only six months were missing.', proposedChange: 'for the last six months', evidence: '' });
    expect(TestSession.location(saved)).toContain('notice=saved');
    const back = await practice.get(TestSession.location(saved));
    expect(back.body).toContain('Saved, not yet submitted');
    const submitted = await practice.post(`${base()}/factual-accuracy/submission`, {});
    expect(TestSession.location(submitted)).toContain('notice=submitted');
    expect((await practice.get(`${base()}/factual-accuracy`)).body).toContain('You submitted your response on 1 December 2025');
  });

  it('the reviewer decides the comment, completes the review; the manager publishes; the practice responds', async () => {
    const reviewer = await as('reviewer');
    const review = await reviewer.get(`${base()}/factual-accuracy/review`);
    expect(review.body).toContain('Comments (1 to decide)');
    const commentId = /\/factual-accuracy\/comments\/([0-9a-f-]{36})\/decision/.exec(review.body)![1]!;
    const bad = await reviewer.post(`${base()}/factual-accuracy/comments/${commentId}/decision`, { decision: 'rejected', reason: '', changeMade: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Give the reason the comment is not accepted');
    expect((await reviewer.post(`${base()}/factual-accuracy/comments/${commentId}/decision`, { decision: 'rejected', reason: 'The records covered a year.', changeMade: '' })).statusCode).toBe(303);
    expect((await reviewer.post(`${base()}/factual-accuracy/review-complete`, {})).statusCode).toBe(303);

    const practice = await as('practiceManager');
    expect((await practice.get(`${base()}/factual-accuracy`)).body).toContain('Not accepted: The records covered a year.');

    clock.set('2026-02-10T09:30:00Z');
    const manager = await as('manager');
    expect(TestSession.location(await manager.post(`${base()}/publication`, {}))).toBe(`${base()}?notice=published`);
    expect((await manager.get('/reports/drafts')).body).toContain('No reports are waiting.');
    const timeliness = await manager.get('/reports/timeliness');
    expect(timeliness.body).toContain('125 days');

    const practice2 = await as('practiceManager');
    const tooLong = await practice2.post(`${base()}/response`, { statement: 'x'.repeat(1600) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Your response statement must be 1,500 characters or fewer');
    const ok = await practice2.post(`${base()}/response`, { statement: 'We are working with the regulator and the ICB to address the areas raised.' });
    expect(ok.statusCode).toBe(303);
    const linkId = (await t.database.db.selectFrom('inspection_reports').select('link_id').executeTakeFirstOrThrow()).link_id;
    const publicPage = await t.app.inject({ url: `/reports/${linkId}` });
    expect(publicPage.body).toContain('We are working with the regulator and the ICB to address the areas raised.');
    expect(publicPage.body).toMatch(/<title>Stopsley Village Practice – inspection report \(published 10 February 2026\)/);
  });
});
