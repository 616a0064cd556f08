/**
 * The factual accuracy check's rules through the API: the deadline from the rules engine across a
 * weekend and the Christmas bank holidays, shown to the organisation; a late submission refused
 * with a clear message; an extension asked for with a reason and granted, after which the late
 * submission is accepted; and "no inaccuracies".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('factual accuracy deadline, late submissions and extensions', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'approved');
  });
  afterAll(async () => t.close());

  it('sent on Thursday 18 December 2025: 10 working days skip two weekends, Christmas, Boxing Day and New Year, so it is due on Tuesday 6 January 2026', async () => {
    clock.set('2025-12-18T16:00:00Z');
    const sent = await api.lead.post(`/inspections/${id}/report/factual-accuracy`);
    expect(sent.statusCode, sent.body).toBe(200);
    const recipient = sent.json().recipients[0];
    expect(recipient).toMatchObject({ due: '2026-01-06', dueBy: '2026-01-06T23:59:59.999Z' });
    expect(recipient.dueExplanation.join(' ')).toMatch(/Christmas Day.*Boxing Day.*New Year/s);
    expect((await api.practiceManager.get(`/inspections/${id}/report`)).json().factualAccuracyDue).toBe('2026-01-06');
    const drafts = (await api.manager.get('/reports/drafts')).json().drafts;
    expect(drafts).toEqual([expect.objectContaining({ inspectionId: id, stage: 'factual_accuracy', faDue: '2026-01-06', owner: 'Organisation: Stopsley Village Practice' })]);
  });

  it('a comment saved on time, submitted the day after the deadline, is refused with a clear message', async () => {
    clock.set('2026-01-05T10:00:00Z');
    const saved = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'summary', passage: 'comprehensive inspection', category: 'omitted_information', comment: 'The report does not mention our new telephone system, in place at the time.' });
    expect(saved.statusCode).toBe(200);
    clock.set('2026-01-07T09:00:00Z');
    const late = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: false });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toEqual({ code: 'deadline_passed', message: 'The deadline for factual accuracy comments was the end of Tuesday 6 January 2026: late comments cannot be accepted unless an extension was granted' });
    const more = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'summary', passage: 'x', category: 'typo_or_figure', comment: 'y' });
    expect(more.statusCode).toBe(409);
  });

  it('an extension asked for with a reason and granted lets the organisation submit', async () => {
    const noReason = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/extension-requests`, { reason: 'busy' });
    expect(noReason.statusCode).toBe(400);
    const asked = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/extension-requests`, { reason: 'Our practice manager was in hospital over the holiday period.' });
    expect(asked.statusCode).toBe(201);
    const byLead = await api.lead.post(`/inspections/${id}/report/factual-accuracy/extension-requests/${asked.json().id}/decision`, { grant: true, newDue: '2026-01-13' });
    expect(byLead.statusCode).toBe(403);
    const bad = await api.manager.post(`/inspections/${id}/report/factual-accuracy/extension-requests/${asked.json().id}/decision`, { grant: true, newDue: '2026-01-02' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/after Tuesday 6 January 2026/);
    const granted = await api.manager.post(`/inspections/${id}/report/factual-accuracy/extension-requests/${asked.json().id}/decision`, { grant: true, newDue: '2026-01-13', reason: 'Exceptional circumstances' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().recipients[0].extendedDue).toBe('2026-01-13');
    const seen = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json();
    expect(seen.extensions).toEqual([expect.objectContaining({ status: 'granted', newDue: '2026-01-13' })]);

    const submitted = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: false });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect((await api.lead.get(`/inspections/${id}/report`)).json().stage).toBe('fa_review');
  });

  it('the reviewer decides; the organisation sees the decision and its reason', async () => {
    const ctx = await serviceContextFor(t, w.people.reviewer, clock);
    const { getFactualAccuracy, decideComment } = await import('../../../src/services/reports/factual-accuracy.service.js');
    const [c] = (await getFactualAccuracy(ctx, id)).comments;
    await decideComment(ctx, id, c!.id, { decision: 'partly_accepted', reason: 'The system was installed but not yet in use.', changeMade: 'Added a sentence on the new telephone system.' });
    const seen = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json();
    expect(seen.comments[0]).toMatchObject({ decision: 'partly_accepted', decisionReason: 'The system was installed but not yet in use.', changeMade: 'Added a sentence on the new telephone system.' });
  });
});
