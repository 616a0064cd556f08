/**
 * Issue 15, item 7: fixing mistakes. An evidence request withdrawn (the organisation is told, the
 * item stays as withdrawn and is never overdue); past due dates refused; a briefing "held"
 * tomorrow refused, Back-and-resubmit of the same form saving one briefing, a briefing deleted
 * with its history kept; a concern closed by accepting the response; a double-booked inspector
 * warned about; each change audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, practiceApis, type PracticeApi, type PracticeWorld, practiceInspectionBody } from '../../factories/report.factory.js';
import type { TestUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createEvidenceRequests, getEvidenceChecklist } from '../../../src/services/inspections/evidence.service.js';
import { listBriefings, recordBriefing } from '../../../src/services/fieldwork/briefings.service.js';
import { getConcern, raiseConcern, respondToConcern } from '../../../src/services/fieldwork/concerns.service.js';
import { addVisits } from '../../../src/services/inspections/programme.service.js';

describe('fixing mistakes', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const as = (u: TestUser) => serviceContextFor(t, u, clock);
  const audits = (action: string) => t.database.db.selectFrom('audit_events').select(['subject_id', 'after']).where('action', '=', action).execute();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    const created = await api.lead.post('/inspections', practiceInspectionBody(w, '2025-10-07', '2025-10-09'));
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    expect((await api.manager.post(`/inspections/${id}/team-confirmation`, {})).statusCode).toBe(200);
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('a due date in the past is refused, with the date in words', async () => {
    await expect(createEvidenceRequests(await as(w.people.lead), id, [{ title: 'Complaints log', dueDate: '2025-09-19' }])).rejects.toMatchObject({ fields: [expect.objectContaining({ message: 'The due date must be today or in the future: 19 September 2025 has passed' })] });
  });

  it('a withdrawn request stays on the checklist as withdrawn, the organisation is told, and it is never overdue', async () => {
    const [item] = await createEvidenceRequests(await as(w.people.lead), id, [{ title: 'Fire risk assessment', dueDate: '2025-09-29' }]);
    const lead = await signIn(t.app, w.people.lead);
    await lead.get(`/inspections/${id}/evidence/${item!.id}`);
    const refused = await lead.post(`/inspections/${id}/evidence/${item!.id}/withdraw`, { reason: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Say why the document is no longer needed');
    const done = await lead.post(`/inspections/${id}/evidence/${item!.id}/withdraw`, { reason: 'Asked twice: it is in the information return' });
    expect(done.statusCode).toBe(303);
    const notices = await t.database.db.selectFrom('notifications').select(['title', 'body']).where('user_id', '=', w.people.practiceManager.id).where('title', 'like', 'Document no longer needed%').execute();
    expect(notices).toEqual([expect.objectContaining({ title: 'Document no longer needed: Fire risk assessment' })]);
    expect(await t.database.db.selectFrom('outbox_emails').select('subject').where('to_address', '=', w.people.practiceManager.email).where('subject', '=', 'Document no longer needed: Fire risk assessment').execute()).toHaveLength(1);
    clock.set('2025-10-01T09:00:00Z'); // past its due date
    const checklist = await getEvidenceChecklist(await as(w.people.practiceManager), id);
    expect(checklist.items.find((i) => i.id === item!.id)).toMatchObject({ status: 'withdrawn', statusLabel: 'Withdrawn', overdue: false, withdrawn: { reason: 'Asked twice: it is in the information return' } });
    expect(checklist.summary.overdue).toBe(0);
    const page = await (await signIn(t.app, w.people.practiceManager)).get(`/inspections/${id}/evidence/${item!.id}`);
    expect(page.body).toContain('Withdrawn');
    expect(page.body).not.toContain('We cannot provide this');
    expect(await audits('EVIDENCE_REQUEST_WITHDRAWN')).toEqual([expect.objectContaining({ subject_id: item!.id })]);
  });

  it('a briefing held tomorrow is refused; resubmitting the same form saves one briefing; a deleted briefing keeps its history', async () => {
    clock.set('2025-10-07T08:30:00Z');
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).statusCode).toBe(200);
    clock.set('2025-10-07T17:00:00Z');
    await expect(recordBriefing(await as(w.people.lead), id, { kind: 'briefing', heldAt: '2025-10-08T09:00:00Z', attendees: [{ name: 'Paula Practice', role: 'Practice manager' }], points: 'x' })).rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'heldAt', message: 'The date it was held cannot be in the future: today is 7 October 2025' })] });

    const lead = await signIn(t.app, w.people.lead);
    const form = await lead.get(`/inspections/${id}/briefings`);
    const token = /name="formToken" value="([^"]+)"/.exec(form.body)?.[1];
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const body = { formToken: token!, kind: 'briefing', 'heldOn-day': '7', 'heldOn-month': '10', 'heldOn-year': '2025', heldTime: '16:00', attendees: 'Paula Practice, Practice manager', points: 'Day one: records seen, staff met.', recommendationAreas: '' };
    expect((await lead.post(`/inspections/${id}/briefings`, body)).statusCode).toBe(303);
    expect((await lead.post(`/inspections/${id}/briefings`, body)).statusCode).toBe(303); // Back, then submit again
    const briefings = await listBriefings(await as(w.people.lead), id);
    expect(briefings).toHaveLength(1);

    // A correction through the API keeps the earlier version.
    const corrected = await api.lead.put(`/briefings/${briefings[0]!.id}`, { kind: 'briefing', heldAt: '2025-10-07T15:00:00Z', attendees: [{ name: 'Paula Practice', role: 'Practice manager' }], points: 'Day one: records seen, staff and patients met.' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ points: 'Day one: records seen, staff and patients met.', editedAt: '2025-10-07T17:00:00.000Z' });
    const page = await lead.get(`/inspections/${id}/briefings`);
    expect(page.body).toContain('Delete this log');
    expect(page.body).toContain('Corrected');
    const deleted = await lead.post(`/inspections/${id}/briefings/${briefings[0]!.id}/delete`, { reason: 'Logged against the wrong inspection' });
    expect(deleted.statusCode).toBe(303);
    expect(await listBriefings(await as(w.people.practiceManager), id)).toEqual([]);
    const history = await t.database.db.selectFrom('briefing_revisions').selectAll().where('briefing_id', '=', briefings[0]!.id).orderBy('id').execute();
    expect(history).toEqual([expect.objectContaining({ kind: 'edited' }), expect.objectContaining({ kind: 'deleted', reason: 'Logged against the wrong inspection' })]);
    expect((history[0]!.before as { points: string }).points).toBe('Day one: records seen, staff met.');
    expect((history[1]!.before as { points: string }).points).toBe('Day one: records seen, staff and patients met.');
    expect(await audits('BRIEFING_CORRECTED')).toHaveLength(1);
    expect(await audits('BRIEFING_DELETED')).toHaveLength(1);
  });

  it('a concern is closed by accepting the response, not only escalated; the organisation is told and it is never overdue', async () => {
    const raised = await raiseConcern(await as(w.people.lead), id, { what: 'Emergency oxygen out of date', where: 'Treatment room', risk: 'No oxygen in an emergency', whoMustAct: 'Practice manager', organisationId: w.practice.id });
    const lead = await signIn(t.app, w.people.lead);
    const before = await lead.get(`/inspections/${id}/concerns/${raised.id}`);
    expect(before.body).toContain('Start enforcement');
    expect(before.body).toContain('Close it for another reason');
    expect(before.body).not.toContain('Accept the response');
    await respondToConcern(await as(w.people.practiceManager), raised.id, { actionTaken: 'New cylinders delivered this afternoon; checks added to the weekly list.' });
    const page = await lead.get(`/inspections/${id}/concerns/${raised.id}`);
    expect(page.body).toContain('Accept the response');
    const closed = await lead.post(`/inspections/${id}/concerns/${raised.id}/close`, { outcome: 'response_accepted', reason: '' });
    expect(closed.statusCode).toBe(303);
    clock.set('2025-10-09T17:00:00Z'); // well past the 24-hour deadline
    const view = await getConcern(await as(w.people.practiceManager), raised.id);
    expect(view).toMatchObject({ status: 'closed', overdue: false, closed: { outcome: 'response_accepted' } });
    expect(view.you.canRespond).toBe(false);
    const after = await (await signIn(t.app, w.people.lead)).get(`/inspections/${id}/concerns/${raised.id}`);
    expect(after.body).toContain('Closed: response accepted');
    expect(after.body).not.toContain('Start enforcement');
    expect(await t.database.db.selectFrom('notifications').select('title').where('user_id', '=', w.people.practiceManager.id).where('title', 'like', 'Concern closed%').execute()).toHaveLength(1);
    expect(await audits('CONCERN_CLOSED')).toHaveLength(1);
  });

  it('an inspector booked twice at overlapping times is warned about; a visit in the past is refused', async () => {
    clock.set('2025-10-07T18:00:00Z');
    const lead = await as(w.people.lead);
    const visit = (place: string, start: string, end: string) => ({ serviceName: 'Main surgery', date: '2025-10-08', startTime: start, endTime: end, place, inspectorIds: [w.people.inspector.id], activities: ['review_records' as const] });
    await addVisits(lead, id, [visit('Consulting room 1', '09:00', '12:00')]);
    await addVisits(lead, id, [visit('Branch surgery, Luton, LU2 8DL', '11:00', '13:00')]);
    const page = await (await signIn(t.app, w.people.lead)).get(`/inspections/${id}/programme`);
    const warning = page.body.split('data-testid="double-bookings"')[1]?.split('</ul>')[0] ?? '';
    expect(warning).toContain('Ivan Inspector is booked twice at overlapping times');
    expect(warning).toContain('9:00');
    clock.set('2025-10-08T09:00:00Z');
    await expect(addVisits(lead, id, [{ ...visit('Room 2', '09:00', '10:00'), date: '2025-10-07' }])).rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'date', message: 'The visit date must be today or in the future: 7 October 2025 has passed' })] });
  });
});
