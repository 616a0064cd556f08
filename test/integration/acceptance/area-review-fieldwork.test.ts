/**
 * The Luton area review during its fieldwork week, through the API: the opening meeting, the
 * briefings to the executive lead and the designated nurse, an immediate-action concern raised,
 * acknowledged late and escalated to the inspection manager by the escalate_concerns job, and
 * the verbal feedback on Friday with the areas for recommendations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueConcerns } from '../../../src/services/fieldwork/concerns.service.js';
import { createLogger } from '../../../src/logger.js';
import { ApiClient, createLutonWorld, lutonInspectionBody, MovableClock, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('Luton area review: briefings, an immediate-action concern escalated, verbal feedback', () => {
  let t: TestApp;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z')); // Thursday
  const api = {} as Record<keyof LutonWorld['people'], ApiClient>;
  let id = '';
  let concernId = '';
  const runJob = () => escalateOverdueConcerns({ db: t.database.db, config: t.config, clock, logger: createLogger('silent') });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    for (const [key, user] of Object.entries(w.people)) api[key as keyof LutonWorld['people']] = new ApiClient(t.app, await tokenFor(t, user, clock));
    const res = await api.lead.post('/inspections', lutonInspectionBody(w));
    id = res.json().id;
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('Monday: briefings cannot be logged before fieldwork; after the opening meeting the first briefing is logged and both sides see it', async () => {
    clock.set('2026-11-30T09:00:00Z');
    const early = await api.lead.post(`/inspections/${id}/briefings`, { kind: 'briefing', heldAt: '2026-11-30T09:00:00Z', attendees: [{ name: 'Erin Executive', role: 'Executive lead' }], points: 'x' });
    expect(early.statusCode).toBe(409);
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).json().state).toBe('fieldwork');
    const opening = await api.lead.post(`/inspections/${id}/meetings`, { kind: 'opening', heldAt: '2026-11-30T09:30:00Z', attendees: [{ name: 'Erin Executive', role: 'Executive lead' }, { name: 'Nadia Nurse', role: 'Designated nurse' }], programmeAgreed: true });
    expect(opening.statusCode, opening.body).toBe(201);

    const missing = await api.lead.post(`/inspections/${id}/briefings`, { kind: 'briefing', heldAt: '2026-11-30T17:00:00Z', attendees: [{ name: '', role: 'Executive lead' }], points: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('attendees[0].name: Enter the name of attendee 1; points: Enter the points made');

    const res = await api.lead.post(`/inspections/${id}/briefings`, {
      kind: 'briefing',
      heldAt: '2026-11-30T17:00:00Z',
      attendees: [
        { name: 'Erin Executive', role: 'Executive lead', organisation: 'NHS BLMK ICB' },
        { name: 'Nadia Nurse', role: 'Designated nurse', organisation: 'NHS BLMK ICB' },
      ],
      points: 'Day 1: midwifery and health visiting visited. Staff know the safeguarding leads; records of the 0-19 handover are inconsistent.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'briefing', kindLabel: 'Briefing', recordedBy: 'Lena Lead' });
    const log = (await api.designatedNurse.get(`/inspections/${id}/briefings`)).json().briefings;
    expect(log.map((b: { points: string }) => b.points)).toEqual([expect.stringContaining('Day 1: midwifery')]);
    expect((await api.adviser.post(`/inspections/${id}/briefings`, { kind: 'briefing', heldAt: '2026-11-30T17:00:00Z', attendees: [{ name: 'A', role: 'B' }], points: 'x' })).statusCode).toBe(403);
    expect((await api.executiveLead.post(`/inspections/${id}/briefings`, { kind: 'briefing', heldAt: '2026-11-30T17:00:00Z', attendees: [{ name: 'A', role: 'B' }], points: 'x' })).statusCode).toBe(403);
  });

  it('Tuesday 10:00: an inspector raises a concern needing immediate action; the trust and the commissioner are told at once, by email and in-app', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const before = await t.database.db.selectFrom('outbox_emails').select('id').execute();
    const res = await api.inspector.post(`/inspections/${id}/concerns`, {
      what: 'Two babies discharged from the neonatal unit without a safeguarding handover to health visiting',
      where: 'Luton and Dunstable Hospital, neonatal unit',
      risk: 'Babies with known safeguarding risks are not followed up at home',
      whoMustAct: 'Head of midwifery, Bedfordshire Hospitals',
      organisationId: w.hospitals.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    concernId = c.id;
    expect(c).toMatchObject({ status: 'open', responseHours: 24, respondBy: '2026-12-02T10:00:00.000Z', respondByText: 'Wednesday 2 December 2026 at 10am UK time', overdue: false });
    expect(c.deadlineExplanation).toMatch(/within 24 hours/);

    const emails = await t.database.db.selectFrom('outbox_emails').selectAll().where('id', 'not in', before.map((b) => b.id)).execute();
    expect(emails.map((e) => e.to_address).sort()).toEqual(
      [w.people.executiveLead.email, w.people.designatedNurse.email, w.people.designatedDoctor.email, w.people.trustUser.email, w.people.trustColleague.email].sort(),
    );
    expect(emails[0]!.subject).toMatch(/^Immediate action needed: INS-2026-/);
    expect(emails[0]!.text_body).toContain('Acknowledge this concern and respond with the action you have taken by Wednesday 2 December 2026 at 10am UK time');
    const notices = await t.database.db.selectFrom('notifications').select(['user_id', 'title']).where('title', 'like', 'Immediate action needed%').execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([w.people.executiveLead.id, w.people.designatedNurse.id, w.people.designatedDoctor.id, w.people.trustUser.id, w.people.trustColleague.id].sort());

    const timeline = (await api.executiveLead.get(`/inspections/${id}/timeline`)).json().events;
    const raised = timeline.find((e: { kind: string }) => e.kind === 'concern_raised').summary;
    expect(raised).toMatch(/raised with Bedfordshire Hospitals NHS Foundation Trust; response due by Wednesday 2 December 2026 at 10am UK time/);
    // Every organisation on the review shares the timeline: it names who must act, not what was found.
    expect(raised).not.toContain('neonatal');
    // Another organisation in scope does not see the trust's concern.
    expect((await api.unrelatedUser.get(`/concerns/${concernId}`)).statusCode).toBe(404);
  });

  it('Wednesday: the job does nothing before the deadline; the trust acknowledges late, with no response yet, and the concern escalates to the inspection manager', async () => {
    clock.set('2026-12-02T09:59:00Z');
    expect(await runJob()).toBe(0);
    clock.set('2026-12-02T11:00:00Z');
    expect((await api.executiveLead.post(`/concerns/${concernId}/acknowledgement`)).statusCode).toBe(403);
    const ack = await api.trustUser.post(`/concerns/${concernId}/acknowledgement`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Tom Trust', acknowledgedLate: true, overdue: true, escalatedAt: null });

    clock.set('2026-12-02T11:15:00Z');
    expect(await runJob()).toBe(1);
    expect(await runJob()).toBe(0); // once only
    const c = (await api.lead.get(`/concerns/${concernId}`)).json();
    expect(c).toMatchObject({ escalatedAt: '2026-12-02T11:15:00.000Z', escalatedTo: ['Mina Manager'] });
    const notice = await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', w.people.manager.id).executeTakeFirstOrThrow();
    expect(notice.title).toMatch(/^Overdue concern escalated/);
    expect(notice.body).toMatch(/No response with the action taken was received by Wednesday 2 December 2026 at 10am UK time \(it was acknowledged\)/);
    expect(await t.database.db.selectFrom('outbox_emails').select('id').where('to_address', '=', w.people.manager.email).execute()).toHaveLength(1);

    const respond = await api.trustColleague.post(`/concerns/${concernId}/response`, { actionTaken: 'Both families visited by the health visiting team today; discharge checklist now requires the safeguarding handover before discharge.' });
    expect(respond.statusCode, respond.body).toBe(200);
    expect(respond.json()).toMatchObject({ status: 'responded', respondedLate: true, overdue: false });

    const kinds = (await api.trustUser.get(`/inspections/${id}/timeline`)).json().events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['concern_raised', 'concern_acknowledged', 'concern_escalated', 'concern_responded']));
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_label']).where('subject_id', '=', concernId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['CONCERN_RAISED', 'CONCERN_ACKNOWLEDGED', 'CONCERN_ESCALATED', 'CONCERN_RESPONDED']);
    expect(audit[2]!.actor_label).toBe('system:escalate_concerns');
  });

  it('a concern can lead straight into an enforcement action', async () => {
    const res = await api.lead.post(`/concerns/${concernId}/enforcement-actions`, { kind: 'letter-of-intent' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'letter-of-intent', state: 'draft', concernId, organisation: { name: 'Bedfordshire Hospitals NHS Foundation Trust' } });
    expect((await api.lead.get(`/concerns/${concernId}`)).json().enforcementActionId).toBe(res.json().id);
    const sent = await api.lead.post(`/enforcement-actions/${res.json().id}/transitions`, { event: 'send' });
    expect(sent.json().deadlines[0]).toMatchObject({ rule: 'letter-of-intent-assurance', dueBy: '2026-12-03T11:15:00.000Z' });
    const assurance = await api.trustUser.post(`/enforcement-actions/${res.json().id}/representations`, { body: 'Assurance: checklist changed and audited daily for two weeks.' });
    expect(assurance.json()).toMatchObject({ state: 'assurance_received', representations: [expect.objectContaining({ kind: 'assurance' })] });
  });

  it('Friday: verbal feedback is given with the areas for recommendations, and the contacts are told', async () => {
    clock.set('2026-12-04T15:00:00Z');
    const wrong = await api.lead.post(`/inspections/${id}/briefings`, { kind: 'briefing', heldAt: '2026-12-04T15:00:00Z', attendees: [{ name: 'Erin Executive', role: 'Executive lead' }], points: 'x', recommendationAreas: ['x'] });
    expect(wrong.statusCode).toBe(400);
    const res = await api.lead.post(`/inspections/${id}/briefings`, {
      kind: 'verbal_feedback',
      heldAt: '2026-12-04T14:00:00Z',
      attendees: [
        { name: 'Erin Executive', role: 'Executive lead' },
        { name: 'Nadia Nurse', role: 'Designated nurse' },
      ],
      points: 'Strong partnership working at the front door; inconsistent safeguarding handovers between maternity and health visiting.',
      recommendationAreas: ['Safeguarding handover from maternity to health visiting', 'Health assessments for looked-after children placed out of area'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const log = (await api.executiveLead.get(`/inspections/${id}/briefings`)).json().briefings;
    expect(log.map((b: { kind: string }) => b.kind)).toEqual(['briefing', 'verbal_feedback']);
    expect(log[1].recommendationAreas).toHaveLength(2);
    const timeline = (await api.executiveLead.get(`/inspections/${id}/timeline`)).json().events;
    expect(timeline.find((e: { kind: string }) => e.kind === 'verbal_feedback').summary).toContain('recommendations to come on: Safeguarding handover from maternity to health visiting');
    const email = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', w.people.designatedNurse.email).where('subject', 'like', 'Verbal feedback%').executeTakeFirst();
    expect(email?.text_body).toContain('with 2 areas for recommendations');
  });
});
