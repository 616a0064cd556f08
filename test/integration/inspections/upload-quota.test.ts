/**
 * Upload quota (issue 14, item 7): one person once opened 123 upload sessions declaring 26.4 GB,
 * and the no-JavaScript form wrote ~206 MB before refusing a 260 MB file. Now open sessions and
 * declared bytes are limited per person and per inspection, a new upload is refused by its
 * declared size before any byte is stored (the form by its Content-Length), an unfinished
 * upload cannot be kept alive for ever by a trickle of chunks, and cancelled and refused
 * uploads are audited.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/services/passwords.js';
import { ApiClient, confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, pdfBytes, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const MB = 1024 * 1024;

describe('upload quota', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let icb: ApiClient;
  let nurse: ApiClient;
  let doctor: ApiClient;
  let inspectionId = '';
  let requestId = '';

  const start = (who: ApiClient, filename: string, size: number) => who.post(`/evidence-requests/${requestId}/uploads`, { filename, size });
  const audit = (action: string) =>
    t.database.db.selectFrom('audit_events').select(['actor_user_id', 'after']).where('action', '=', action).where('subject_id', '=', requestId).orderBy('id').execute();
  const openSessions = () => t.database.db.selectFrom('upload_sessions').select(['id', 'created_by']).where('status', '=', 'receiving').execute();
  const cancelAllOpen = async () => {
    for (const who of [icb, nurse, doctor]) {
      const open = (await who.get(`/evidence-requests/${requestId}/uploads`)).json();
      for (const u of open.uploads ?? open) await who.app.inject({ method: 'DELETE', url: `/api/v1/uploads/${u.id}`, headers: { authorization: `Bearer ${who.token}` } });
    }
    expect(await openSessions()).toEqual([]);
  };

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-quota-'));
    t = await createTestApp({ clock, config: { uploadDir, uploadQuota: { openPerUser: 3, openBytesPerUser: 10 * MB, openPerInspection: 5, openBytesPerInspection: 24 * MB } } });
    w = await createLutonWorld(t.database.db);
    const lead = new ApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    icb = new ApiClient(t.app, await tokenFor(t, w.people.executiveLead, clock));
    nurse = new ApiClient(t.app, await tokenFor(t, w.people.designatedNurse, clock));
    doctor = new ApiClient(t.app, await tokenFor(t, w.people.designatedDoctor, clock));
    inspectionId = (await lead.post('/inspections', lutonInspectionBody(w))).json().id;
    await confirmTeam(t, inspectionId, w.people.manager, clock);
    requestId = (await lead.post(`/inspections/${inspectionId}/evidence-requests`, { requests: [{ title: 'Safeguarding policy' }] })).json().requests[0].id;
    // The lead proposed the team: a manager confirms it before notice (separation of duties).
    const notified = await lead.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' });
    expect(notified.statusCode, notified.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('limits one person to a number of open uploads, says why, audits the refusal, and frees a place when one is cancelled', async () => {
    for (const n of [1, 2, 3]) expect((await start(icb, `part ${n}.pdf`, MB)).statusCode).toBe(201);
    const fourth = await start(icb, 'part 4.pdf', MB);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error).toEqual({
      code: 'too_many_open_uploads',
      message: 'You already have 3 unfinished uploads, the most one person may have at once. Finish or cancel one of them before starting another, or wait for them to expire.',
    });
    expect(await openSessions()).toHaveLength(3);
    const refused = await audit('EVIDENCE_UPLOAD_REFUSED');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor_user_id: w.people.executiveLead.id, after: { filename: 'part 4.pdf', size: MB, code: 'too_many_open_uploads' } });

    const [first] = await t.database.db.selectFrom('upload_sessions').select('id').where('filename', '=', 'part 1.pdf').execute();
    const cancelled = await icb.app.inject({ method: 'DELETE', url: `/api/v1/uploads/${first!.id}`, headers: { authorization: `Bearer ${icb.token}` } });
    expect(cancelled.statusCode).toBe(200);
    expect(await audit('EVIDENCE_UPLOAD_CANCELLED')).toEqual([
      { actor_user_id: w.people.executiveLead.id, after: { uploadId: first!.id, filename: 'part 1.pdf', size: MB, receivedBytes: 0 } },
    ]);
    expect((await start(icb, 'part 4.pdf', MB)).statusCode).toBe(201);
    await cancelAllOpen();
  });

  it('refuses by declared size a file that would take one person past their open bytes, before any byte is sent', async () => {
    expect((await start(nurse, 'big one.pdf', 9 * MB)).statusCode).toBe(201);
    const over = await start(nurse, 'big two.pdf', 2 * MB);
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toEqual({
      code: 'upload_quota_exceeded',
      message: 'Your unfinished uploads already come to 9 MB; with this file (2 MB) they would pass the 10 MB one person may have unfinished at once. Finish or cancel one of them before starting another, or wait for them to expire.',
    });
    expect((await openSessions()).filter((s) => s.created_by === w.people.designatedNurse.id)).toHaveLength(1);
    // A file too large for anyone is refused and audited the same way.
    const huge = await start(nurse, 'scans.pdf', 300 * MB);
    expect(huge.statusCode).toBe(413);
    expect((await audit('EVIDENCE_UPLOAD_REFUSED')).map((r) => (r.after as { code: string }).code).slice(-2)).toEqual(['upload_quota_exceeded', 'file_too_large']);
    await cancelAllOpen();
  });

  it('limits the inspection as a whole, whoever holds the open uploads', async () => {
    for (const who of [icb, nurse]) for (const n of [1, 2]) expect((await start(who, `shared ${n}.pdf`, 5 * MB)).statusCode).toBe(201);
    // 20 MB open on the inspection: the doctor's 5 MB would pass its 24 MB.
    const bytes = await start(doctor, 'doctor.pdf', 5 * MB);
    expect(bytes.statusCode).toBe(413);
    expect(bytes.json().error.message).toBe("This inspection's unfinished uploads already come to 20 MB; with this file (5 MB) they would pass the 24 MB it may have unfinished at once. Try again when some have finished.");
    expect((await start(doctor, 'doctor small.pdf', MB)).statusCode).toBe(201);
    const count = await start(doctor, 'doctor small 2.pdf', MB);
    expect(count.statusCode).toBe(429);
    expect(count.json().error.message).toBe('This inspection already has 5 unfinished uploads, the most it may have at once. Ask colleagues to finish or cancel theirs, or try again later.');
    await cancelAllOpen();
  });

  it('lets no parallel flood of starts slip past the limit', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => start(icb, `flood ${i}.pdf`, MB)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(9);
    expect(await openSessions()).toHaveLength(3);
    await cancelAllOpen();
  });

  it('keeps an unfinished upload alive between chunks, but a trickle of chunks cannot keep it past a week', async () => {
    const size = 10_000;
    const file = pdfBytes(size);
    const s = (await start(icb, 'trickle.pdf', size)).json();
    expect(s.expiresAt).toBe('2026-11-28T09:00:00.000Z');
    let sent = 0;
    for (const day of ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']) {
      clock.set(`${day}T08:00:00Z`);
      const res = await icb.chunk(s.id, file.subarray(sent, sent + 100), sent, size);
      expect(res.statusCode).toBe(200);
      sent += 100;
    }
    // Six days in: the next chunk may come until the week is up, not two days later.
    expect((await icb.get(`/uploads/${s.id}`)).json().expiresAt).toBe('2026-12-03T09:00:00.000Z');
    clock.set('2026-12-03T09:00:01Z');
    const late = await icb.chunk(s.id, file.subarray(sent, sent + 100), sent, size);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('upload_expired');
    // Expired uploads no longer count against the quota.
    expect((await start(icb, 'fresh.pdf', MB)).statusCode).toBe(201);
    clock.set('2026-11-26T09:00:00Z');
    await t.database.db.updateTable('upload_sessions').set({ status: 'cancelled' }).where('status', '=', 'receiving').execute();
  });

  it('without JavaScript, refuses a file past the quota by the size of the request, before storing any byte', async () => {
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', '=', w.people.executiveLead.id).execute();
    const s = await signIn(t.app, { email: w.people.executiveLead.email, password: TEST_PASSWORD });
    const page = `/inspections/${inspectionId}/evidence/${requestId}`;
    await s.get(page);
    // Were the file spooled at all, this would fail: the spool folder cannot be created.
    await writeFile(path.join(uploadDir, 'incoming'), 'not a folder');
    try {
      const res = await s.postMultipart(`${page}/upload`, [{ name: 'file', filename: 'scanned bundle.pdf', content: pdfBytes(12 * MB) }]);
      expect(res.statusCode).toBe(413);
      // The request's size (the file and a little form framing) stands in for the file's.
      expect(res.body).toContain('This file (11.9 MB) is more than the 10 MB one person may have unfinished at once.');
      expect(res.body).toContain('govuk-error-summary');
    } finally {
      await rm(path.join(uploadDir, 'incoming'), { force: true });
    }
    expect(await openSessions()).toEqual([]);
    const last = (await audit('EVIDENCE_UPLOAD_REFUSED')).at(-1);
    expect(last?.after).toMatchObject({ filename: 'scanned bundle.pdf', code: 'upload_quota_exceeded' });
    // A file within the quota goes through the same form.
    const ok = await s.postMultipart(`${page}/upload`, [{ name: 'file', filename: 'policy.pdf', content: pdfBytes(2 * MB) }]);
    expect(ok.statusCode).toBe(303);
    expect(await readdir(path.join(uploadDir, 'incoming'))).toEqual([]);
  });
});
