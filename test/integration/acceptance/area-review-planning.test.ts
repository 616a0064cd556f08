/**
 * The Luton area review, through the API, as each role would do it: from planning on
 * Thursday to the programme agreed at Monday's opening meeting.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTeam, ApiClient, caseListCsv, createLutonWorld, LUTON_SERVICES, lutonInspectionBody, MovableClock, pdfBytes, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('Luton area review of child safeguarding and looked-after children: planning to agreed programme', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z')); // Thursday
  const api = {} as Record<keyof LutonWorld['people'], ApiClient>;
  let inspectionId = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-uploads-'));
    t = await createTestApp({ config: { uploadDir }, clock });
    w = await createLutonWorld(t.database.db);
    for (const [key, user] of Object.entries(w.people)) api[key as keyof LutonWorld['people']] = new ApiClient(t.app, await tokenFor(t, user, clock));
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('Thursday: the lead inspector plans the review; local authority services are marked as outside the power to recommend', async () => {
    const res = await api.lead.post('/inspections', lutonInspectionBody(w));
    expect(res.statusCode, res.body).toBe(201);
    const inspection = res.json();
    inspectionId = inspection.id;
    // The lead proposed the team: the inspection manager confirms it before notice (issue 14).
    expect(inspection.you.teamConfirmed).toBe(false);
    await confirmTeam(t, inspectionId, w.people.manager, clock);
    expect(inspection).toMatchObject({ state: 'planned', kind: 'area_review_safeguarding_lac', noticeType: 'short_notice', subjectName: 'Luton area' });
    expect(inspection.scopeServices.map((s: { serviceName: string }) => s.serviceName)).toEqual([...LUTON_SERVICES]);
    const schoolNursing = inspection.scopeServices.find((s: { serviceName: string }) => s.serviceName === 'School Nursing');
    expect(schoolNursing).toMatchObject({ commissionedBy: 'local_authority', recommendationsAllowed: false });
    expect(schoolNursing.recommendationsNote).toMatch(/power to make recommendations about this service is limited/);
    expect(inspection.scopeServices.find((s: { serviceName: string }) => s.serviceName === 'Midwifery').recommendationsAllowed).toBe(true);
    expect(inspection.team.map((m: { role: string }) => m.role)).toEqual(['lead_inspector', 'inspector', 'specialist_adviser']);
    expect(inspection.contacts.map((c: { role: string }) => c.role)).toEqual(['executive_lead', 'designated_nurse', 'designated_doctor']);
    expect(inspection.you).toMatchObject({ side: 'regulator', teamRole: 'lead_inspector', canEditPlan: true });
    expect(inspection.you.availableEvents).not.toContain('notify');
    expect((await api.lead.get(`/inspections/${inspectionId}`)).json().you.availableEvents).toContain('notify');
  });

  it('the organisation sees nothing before it is notified', async () => {
    expect((await api.executiveLead.get(`/inspections/${inspectionId}`)).statusCode).toBe(404);
    expect((await api.executiveLead.get('/inspections')).json().inspections).toEqual([]);
  });

  it('the lead inspector requests documents: due dates default to Friday, the working day before fieldwork', async () => {
    const res = await api.lead.post(`/inspections/${inspectionId}/evidence-requests`, {
      requests: [
        { title: 'Safeguarding children policy' },
        { title: 'Looked-after children health assessment performance, last 12 months' },
        { title: 'Designated professionals: job descriptions and supervision arrangements' },
        { title: 'Midwifery safeguarding supervision records', organisationId: w.hospitals.id },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const requests = res.json().requests;
    expect(requests).toHaveLength(4);
    for (const r of requests) expect(r).toMatchObject({ dueDate: '2026-11-27', status: 'requested', overdue: false });
    expect(requests[3].organisation.name).toBe('Bedfordshire Hospitals NHS Foundation Trust');
  });

  it('only the lead inspector may notify; then every contact gets an email and the account holders an in-app notice', async () => {
    const refused = await api.inspector.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Only the lead inspector, an inspection manager or an administrator can notify the organisation of an inspection');

    const res = await api.lead.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'notified', notifiedAt: '2026-11-26T09:00:00.000Z' });

    const emails = await t.database.db.selectFrom('outbox_emails').selectAll().orderBy('id').execute();
    expect(emails.map((e) => e.to_address).sort()).toEqual([w.people.executiveLead.email, w.people.designatedNurse.email, w.people.designatedDoctor.email].sort());
    const body = emails[0]!.text_body;
    expect(emails[0]!.subject).toContain('Luton');
    expect(body).toContain('Fieldwork runs from Monday 30 November 2026 to Friday 4 December 2026');
    expect(body).toContain('- School Nursing (Cambridgeshire Community Services NHS Trust) - Commissioned by the local authority');
    expect(body).toContain('Send "Safeguarding children policy" (NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board) by Friday 27 November 2026');
    expect(body).toContain('Send a case list: Children and families who used two or more of the services');

    const notices = await t.database.db.selectFrom('notifications').selectAll().execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([w.people.executiveLead.id, w.people.designatedNurse.id, w.people.designatedDoctor.id].sort());
    expect(notices[0]!.body).toMatch(/4 document requests, first due Friday 27 November 2026; a case list is requested/);

    // Notifying twice is refused, in words.
    const again = await api.lead.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/cannot be notified again/);
  });

  it('the ICB sees the inspection and the whole checklist; a trust in scope sees its own items; an unrelated trust sees nothing', async () => {
    const seen = await api.executiveLead.get(`/inspections/${inspectionId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().you).toMatchObject({ side: 'organisation', availableEvents: [] });
    expect((await api.executiveLead.get('/inspections')).json().inspections.map((i: { id: string }) => i.id)).toEqual([inspectionId]);
    expect((await api.executiveLead.get(`/inspections/${inspectionId}/evidence-requests`)).json().summary).toMatchObject({ total: 4, outstanding: 4 });

    const trust = await api.trustUser.get(`/inspections/${inspectionId}/evidence-requests`);
    expect(trust.statusCode).toBe(200);
    expect(trust.json().items.map((i: { title: string }) => i.title)).toEqual(['Midwifery safeguarding supervision records']);

    for (const url of [`/inspections/${inspectionId}`, `/inspections/${inspectionId}/evidence-requests`, `/inspections/${inspectionId}/programme`]) {
      expect((await api.unrelatedUser.get(url)).statusCode).toBe(404);
    }
    expect((await api.unrelatedUser.get('/inspections')).json().inspections).toEqual([]);

    const timeline = (await api.executiveLead.get(`/inspections/${inspectionId}/timeline`)).json().events.map((e: { kind: string }) => e.kind);
    expect(timeline).not.toContain('planned');
    expect(timeline).toContain('notification_sent');
  });

  it('the executive lead assigns, colleagues upload, and one item cannot be provided: the live checklist shows it all', async () => {
    const checklist = (await api.executiveLead.get(`/inspections/${inspectionId}/evidence-requests`)).json();
    const [policy, laca, designated, midwifery] = checklist.items;

    const assigned = await api.executiveLead.post(`/evidence-requests/${policy.id}/assignment`, { userId: w.people.designatedNurse.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().assignedTo).toEqual({ id: w.people.designatedNurse.id, name: 'Nadia Nurse' });

    // The designated nurse uploads the policy in two chunks.
    const pdf = pdfBytes(3 * 1024 * 1024);
    const started = await api.designatedNurse.post(`/evidence-requests/${policy.id}/uploads`, { filename: 'Safeguarding children policy 2026.pdf', size: pdf.length });
    expect(started.statusCode, started.body).toBe(201);
    const uploadId = started.json().id;
    const half = 2 * 1024 * 1024;
    expect((await api.designatedNurse.chunk(uploadId, pdf.subarray(0, half), 0, pdf.length)).json()).toMatchObject({ receivedBytes: half, status: 'receiving' });
    const done = await api.designatedNurse.chunk(uploadId, pdf.subarray(half), half, pdf.length);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'complete', file: { version: 1, filename: 'Safeguarding children policy 2026.pdf', sizeBytes: pdf.length } });

    // The trust uploads its own item.
    const midwiferyUpload = await api.trustUser.post(`/evidence-requests/${midwifery.id}/uploads`, { filename: 'supervision.xlsx', size: 4 });
    expect((await api.trustUser.chunk(midwiferyUpload.json().id, Buffer.from([0x50, 0x4b, 0x03, 0x04]), 0, 4)).json().status).toBe('complete');
    // ...but not the ICB's.
    expect((await api.trustUser.post(`/evidence-requests/${designated.id}/uploads`, { filename: 'x.pdf', size: 10 })).statusCode).toBe(404);

    const cannot = await api.executiveLead.post(`/evidence-requests/${laca.id}/cannot-provide`, { reason: 'Collated by the local authority; requested from them, expected Monday' });
    expect(cannot.statusCode).toBe(200);
    expect(cannot.json()).toMatchObject({ status: 'cannot_provide', statusLabel: 'Cannot provide' });

    const inspectorView = (await api.inspector.get(`/inspections/${inspectionId}/evidence-requests`)).json();
    expect(inspectorView.summary).toEqual({ total: 4, provided: 2, cannotProvide: 1, outstanding: 1, overdue: 0, withdrawn: 0 });
    expect(inspectorView.items[0].latestFile).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const download = await api.inspector.get(inspectorView.items[0].latestFile.downloadUrl.replace('/api/v1', ''));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Safeguarding children policy 2026.pdf"; filename*=UTF-8''Safeguarding%20children%20policy%202026.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(pdf)).toBe(true);
  });

  it('the executive lead uploads the case list; the lead inspector draws a reproducible stratified sample and swaps one case', async () => {
    const imported = await api.executiveLead.csv(`/inspections/${inspectionId}/case-list?filename=luton-cases.csv`, caseListCsv(24));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ rowsRead: 24, inserted: 24, updated: 0, rejected: 0 });

    const design = { kind: 'stratified', field: 'looked_after', sizes: { yes: 2, no: 3 } };
    const criteria = { services: ['Health Visiting', 'School Nursing', 'A&E'] };
    const drawn = await api.lead.post(`/inspections/${inspectionId}/samples`, { criteria, design, seed: 'luton-2026-11-27', rationale: 'Track looked-after children and others across health visiting, school nursing and A&E' });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const sample = drawn.json();
    expect(sample.seed).toBe('luton-2026-11-27');
    expect(sample.members).toHaveLength(5);
    expect(sample.members.filter((m: { stratum: string }) => m.stratum === 'yes')).toHaveLength(2);
    for (const m of sample.members) expect(m.caseReference).toMatch(/^LTN-\d{4}$/);

    const again = (await api.lead.post(`/inspections/${inspectionId}/samples`, { criteria, design, seed: 'luton-2026-11-27', rationale: 'Check it reproduces' })).json();
    expect(again.members.map((m: { caseId: string }) => m.caseId)).toEqual(sample.members.map((m: { caseId: string }) => m.caseId));

    const out = sample.members[0];
    const swapped = await api.lead.post(`/samples/${sample.id}/swaps`, { caseId: out.caseId, reason: 'Family moved out of the area' });
    expect(swapped.statusCode, swapped.body).toBe(200);
    const members = swapped.json().members;
    expect(members.find((m: { caseId: string }) => m.caseId === out.caseId).swappedOut).toMatchObject({ reason: 'Family moved out of the area' });
    expect(members.filter((m: { swappedOut: unknown; stratum: string }) => !m.swappedOut && m.stratum === out.stratum)).toHaveLength(out.stratum === 'yes' ? 2 : 3);

    // The ICB sees the sample (its own cases, by pseudonymous reference).
    const icbView = await api.executiveLead.get(`/samples/${sample.id}`);
    expect(icbView.statusCode).toBe(200);
    expect(icbView.json().members.length).toBe(6);
  });

  it('Saturday: the item still outstanding shows as overdue on both sides', async () => {
    clock.set('2026-11-28T10:00:00Z');
    const icb = (await api.executiveLead.get(`/inspections/${inspectionId}/evidence-requests`)).json();
    expect(icb.summary).toMatchObject({ outstanding: 1, overdue: 1 });
    expect(icb.items.find((i: { overdue: boolean }) => i.overdue).title).toBe('Designated professionals: job descriptions and supervision arrangements');
  });

  it('Monday: fieldwork starts, the opening meeting agrees the programme of visits, and the organisation sees it', async () => {
    clock.set('2026-11-30T08:30:00Z');
    const started = await api.inspector.post(`/inspections/${inspectionId}/transitions`, { event: 'start_fieldwork' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().state).toBe('fieldwork');

    const days = ['2026-11-30', '2026-11-30', '2026-12-01', '2026-12-01', '2026-12-02', '2026-12-02', '2026-12-03', '2026-12-03'];
    const visits = LUTON_SERVICES.map((service, i) => ({
      serviceName: service,
      date: days[i],
      startTime: i % 2 === 0 ? '10:00' : '14:00',
      endTime: i % 2 === 0 ? '12:30' : '16:30',
      place: `${service} team base, Luton`,
      inspectorIds: [i % 2 === 0 ? w.people.lead.id : w.people.inspector.id, w.people.adviser.id],
      activities: ['speak_to_staff', 'speak_to_patients_and_families', 'review_records'],
    }));
    const added = await api.lead.post(`/inspections/${inspectionId}/visits`, { visits });
    expect(added.statusCode, added.body).toBe(201);

    // The organisation may read the programme but not change it.
    expect((await api.executiveLead.post(`/inspections/${inspectionId}/visits`, { visits: [visits[0]] })).statusCode).toBe(403);
    // A specialist adviser on the team cannot change it either.
    expect((await api.adviser.post(`/inspections/${inspectionId}/visits`, { visits: [visits[0]] })).statusCode).toBe(403);

    const meeting = await api.lead.post(`/inspections/${inspectionId}/meetings`, {
      kind: 'opening',
      heldAt: '2026-11-30T09:00:00Z',
      place: 'ICB offices, Luton',
      attendees: [
        { name: 'Erin Executive', role: 'Executive lead for safeguarding', organisation: 'BLMK ICB', userId: w.people.executiveLead.id },
        { name: 'Nadia Nurse', role: 'Designated nurse, safeguarding children', organisation: 'BLMK ICB' },
        { name: 'Lucy Looked-After', role: 'Designated nurse, looked-after children', organisation: 'BLMK ICB' },
        { name: 'Dev Doctor', role: 'Designated doctor', organisation: 'BLMK ICB' },
        { name: 'Lena Lead', role: 'Lead inspector', userId: w.people.lead.id },
        { name: 'Ian Inspector', role: 'Inspector', userId: w.people.inspector.id },
      ],
      notes: 'Programme agreed; School Nursing visit may move to Thursday afternoon.',
      programmeAgreed: true,
    });
    expect(meeting.statusCode, meeting.body).toBe(201);

    const programme = (await api.executiveLead.get(`/inspections/${inspectionId}/programme`)).json();
    expect(programme.agreedAt).toBe('2026-11-30T09:00:00.000Z');
    expect(programme.visits.map((v: { serviceName: string }) => v.serviceName).sort()).toEqual([...LUTON_SERVICES].sort());
    expect(programme.week.map((d: { date: string }) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(programme.week[0].visits.map((v: { serviceName: string; startTime: string }) => `${v.startTime} ${v.serviceName}`)).toEqual(['10:00 Midwifery', '14:00 Health Visiting']);
    expect(programme.visits[0].activities.map((a: { label: string }) => a.label)).toEqual(['Speak to staff', 'Speak to patients and families', 'Review records']);
    expect(programme.meetings[0]).toMatchObject({ kind: 'opening', programmeAgreed: true });
    expect(programme.meetings[0].attendees).toHaveLength(6);

    const timeline = (await api.executiveLead.get(`/inspections/${inspectionId}/timeline`)).json().events.map((e: { summary: string }) => e.summary);
    expect(timeline.at(-1)).toMatch(/^Opening meeting with Erin Executive \(Executive lead for safeguarding\).*; programme agreed$/);

    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', inspectionId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['INSPECTION_PLANNED', 'INSPECTION_NOTIFIED', 'INSPECTION_START_FIELDWORK', 'SAMPLE_DRAWN', 'CASE_LIST_RECEIVED', 'INSPECTION_MEETING_RECORDED']));
  });
});
