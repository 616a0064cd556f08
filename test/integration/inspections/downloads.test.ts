/**
 * Issue 15, item 8: taking work away. CSV downloads open cleanly in a spreadsheet (UTF-8 with a
 * byte-order mark, CRLF, formula injection guarded) and hold only what the person may see, cases by
 * pseudonymous reference; calendar files of the programme for the team, an inspector's own visits
 * and the organisation's visits; "due in the next 5 working days"; the daily summary email, once a
 * day, and nothing overdue once it no longer matters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, practiceApis, type PracticeApi, type PracticeWorld, practiceInspectionBody } from '../../factories/report.factory.js';
import type { TestUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createEvidenceRequests, withdrawEvidenceRequest } from '../../../src/services/inspections/evidence.service.js';
import { addVisits } from '../../../src/services/inspections/programme.service.js';
import { createLogger } from '../../../src/logger.js';
import { sendDailySummaries } from '../../../src/services/work/due-soon.service.js';

describe('downloads, due soon and the daily summary', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let id = '';
  let reference = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const as = (u: TestUser) => serviceContextFor(t, u, clock);
  const download = async (u: TestUser, path: string) => {
    const s = await signIn(t.app, u);
    return s.get(`/inspections/${id}${path}`);
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    const created = await api.lead.post('/inspections', practiceInspectionBody(w, '2025-10-07', '2025-10-08'));
    id = created.json().id;
    reference = created.json().reference;
    await api.manager.post(`/inspections/${id}/team-confirmation`, {});
    await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' });
    const lead = await as(w.people.lead);
    await createEvidenceRequests(lead, id, [
      { title: '=HYPERLINK("http://evil.example","Click")', dueDate: '2025-09-24' },
      { title: 'Staff rota, "October"', dueDate: '2025-09-30' },
      { title: 'Old policy', dueDate: '2025-09-23' },
    ]);
    await addVisits(lead, id, [
      { serviceName: 'Main surgery', date: '2025-10-07', startTime: '09:30', endTime: '12:00', place: 'Stopsley, Luton; Room 1', inspectorIds: [w.people.lead.id], activities: ['review_records'], organisationId: w.practice.id },
      { serviceName: 'Branch surgery', date: '2025-10-08', startTime: '14:00', endTime: '16:00', place: 'Branch', inspectorIds: [w.people.inspector.id], activities: ['observe'] },
    ]);
    // Case lists belong to area reviews; a few pseudonymous cases written straight in are enough here.
    const now = new Date('2025-09-22T09:00:00Z');
    await t.database.db
      .insertInto('cases')
      .values([1, 2, 3].map((n) => ({ inspection_id: id, organisation_id: w.practice.id, case_reference: `SVP-000${n}`, services_used: ['GP'], age_band: '5-10', looked_after: n === 2, child_protection_plan: false, child_in_need: false, consent_to_contact: true, created_at: now, updated_at: now })))
      .execute();
  });
  afterAll(async () => t.close());

  it('the evidence checklist CSV: BOM, CRLF, quoting, formulas guarded, an attachment', async () => {
    const res = await download(w.people.practiceManager, '/evidence.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${reference.toLowerCase()}-evidence-checklist.csv"`);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Document,Organisation,Due date,Status,Overdue,Assigned to,Latest file,Files,Reason');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")",Stopsley Village Practice,24 September 2025,To do,No`);
    expect(res.body).toContain('"Staff rota, ""October"""');
    expect(res.body).not.toMatch(/[^\r]\n/);
  });

  it('the case list CSV has pseudonymous references only and the programme CSV every visit', async () => {
    const cases = await download(w.people.lead, '/cases.csv');
    expect(cases.statusCode).toBe(200);
    const rows = cases.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('Case reference,Organisation,Age band,Looked after,Child protection plan,Child in need,Services used,Consent to contact,Sampled');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['SVP-0001', 'SVP-0002', 'SVP-0003']);
    const programme = await download(w.people.lead, '/programme.csv');
    expect(programme.body).toContain('7 October 2025,09:30,12:00,Main surgery,Stopsley Village Practice,"Stopsley, Luton; Room 1",Grace Lead');
    // Someone not taking part gets nothing.
    expect((await download(w.people.outsider, '/cases.csv')).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('audit_events').select('after').where('action', '=', 'INSPECTION_DOWNLOAD').where('subject_id', '=', id).execute()).not.toHaveLength(0);
  });

  it('calendar files: the team’s programme, an inspector’s own visits, the organisation’s visits, in London time', async () => {
    const team = await download(w.people.lead, '/programme.ics');
    expect(team.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(team.body.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(team.body).toContain('DTSTART;TZID=Europe/London:20251007T093000');
    expect(team.body).toContain('LOCATION:Stopsley\\, Luton\\; Room 1');
    expect(team.body).not.toMatch(/[^\r]\n/);
    for (const line of team.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const mine = await download(w.people.inspector, '/programme.ics?mine=1');
    expect(mine.body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(mine.body).toContain('Branch surgery');
    const practice = await download(w.people.practiceManager, '/programme.ics');
    expect(practice.body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(practice.body).toContain('Main surgery');
  });

  it('due in the next 5 working days, the daily summary once a day, and nothing overdue once it no longer matters', async () => {
    clock.set('2025-09-25T08:00:00Z'); // Thursday: the first request is a day late, the rota due next Tuesday
    const lead = await as(w.people.lead);
    const old = (await t.database.db.selectFrom('evidence_requests').select('id').where('inspection_id', '=', id).where('title', '=', 'Old policy').executeTakeFirstOrThrow()).id;
    await withdrawEvidenceRequest(lead, old, 'Replaced by the new policy');
    const page = (await (await signIn(t.app, w.people.practiceManager)).get('/my-work')).body;
    const overdue = page.split('data-testid="overdue"')[1]?.split('</ul>')[0] ?? '';
    const coming = page.split('data-testid="coming-up"')[1]?.split('</ul>')[0] ?? '';
    expect(overdue).toContain('=HYPERLINK');
    expect(overdue).not.toContain('Old policy');
    expect(coming).toContain('Staff rota');
    expect(page).toContain('From today to 2 October 2025');

    const deps = { db: t.database.db, config: t.config, clock, logger: createLogger('silent') };
    expect(await sendDailySummaries(deps)).toBe(1);
    expect(await sendDailySummaries(deps)).toBe(0); // the same day again: nothing twice
    const [mail] = await t.database.db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('to_address', '=', w.people.practiceManager.email).where('subject', 'like', 'Daily summary%').execute();
    expect(mail?.subject).toBe(`Daily summary: ${reference}: 1 overdue, 1 due soon`);
    expect(mail?.text_body).toContain('Staff rota');
    expect(mail?.text_body).not.toContain('Old policy');

    // Once the inspection is over (published, closed), outstanding evidence is no longer overdue anywhere.
    await t.database.db.updateTable('inspections').set({ state: 'published' }).where('id', '=', id).execute();
    const after = (await (await signIn(t.app, w.people.practiceManager)).get('/my-work')).body;
    expect(after).toContain('Nothing is due in the next 5 working days.');
    const checklist = (await (await signIn(t.app, w.people.practiceManager)).get(`/inspections/${id}/evidence`)).body;
    expect(checklist).not.toMatch(/\d+ overdue/);
    clock.set('2025-09-26T08:00:00Z');
    expect(await sendDailySummaries(deps)).toBe(0);
  });
});
