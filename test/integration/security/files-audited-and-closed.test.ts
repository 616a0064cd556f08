/**
 * Issue 14, item 9: downloads of evidence and refused files are audited (who, which file), and once a warning notice
 * is withdrawn or closed nothing more can be attached to it, by either route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalAccessToken } from '../../../src/services/api-tokens/personal-access-tokens.service.js';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, ReportApiClient, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { createUser, type TestUser } from '../../factories/user.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('evidence files: every download audited, nothing attached once a notice is finished', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let officer: ReportApiClient;
  let officerUser: TestUser;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  let noticeId = '';
  let representationId = '';

  const attach = (representation: string, filename: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/enforcement-representations/${representation}/files?filename=${filename}`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('%PDF-1.4\n%%EOF\n') });
  const fileRows = () => t.database.db.selectFrom('enforcement_representation_files').select('id').where('representation_id', '=', representationId).execute();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    officerUser = await createUser(t.database.db, 'enforcementOfficer', { organisation: w.regulator, name: 'Erin Enforcement' });
    officer = new ReportApiClient(t.app, (await createPersonalAccessToken(await serviceContextFor(t, officerUser, clock), { name: 'enforcement', expiresInDays: 366, scopes: ['read', 'enforcement:write'] })).token);
    const id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    noticeId = (await t.database.db.selectFrom('enforcement_actions').select('id').where('inspection_id', '=', id).executeTakeFirstOrThrow()).id;
    clock.set('2025-10-28T10:00:00Z');
  });
  afterAll(async () => t.close());

  it('the practice attaches evidence to its representations; the officer’s download is in the audit log with who and which file', async () => {
    const sent = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'We have reviewed every significant event since the inspection.' });
    expect(sent.statusCode, sent.body).toBe(201);
    representationId = sent.json().representations[0].id;
    const added = await attach(representationId, 'reviews.pdf');
    expect(added.statusCode, added.body).toBe(201);
    const download = await officer.get(`/enforcement-representation-files/${added.json().id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    const audit = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'after']).where('action', '=', 'REPRESENTATION_FILE_DOWNLOADED').where('subject_id', '=', representationId).execute();
    expect(audit).toEqual([{ actor_user_id: officerUser.id, after: expect.objectContaining({ fileId: added.json().id, filename: 'reviews.pdf' }) }]);
    // A refused file is audited too: who, which file, why.
    const exe = await t.app.inject({ method: 'POST', url: `/api/v1/enforcement-representations/${representationId}/files?filename=tool.exe`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('MZ') });
    expect(exe.statusCode).toBe(415);
    const refused = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'after']).where('action', '=', 'FILE_UPLOAD_REFUSED').where('subject_id', '=', representationId).execute();
    expect(refused).toEqual([{ actor_user_id: w.people.practiceManager.id, after: expect.objectContaining({ files: [{ filename: 'tool.exe', size: 2 }], code: 'file_type_not_allowed' }) }]);
  });

  it('after the notice is withdrawn, neither new representations nor files can be attached, and nothing is stored', async () => {
    const withdrawn = await officer.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'withdraw' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().state).toBe('withdrawn');
    const before = (await fileRows()).length;
    expect((await attach(representationId, 'late.pdf')).statusCode).toBe(409);
    const again = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'One more thing.' });
    expect(again.statusCode).toBe(409);
    expect((await fileRows()).length).toBe(before);
  });
});

describe('evidence files: nothing attached once a notice is closed', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let officer: ReportApiClient;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  let noticeId = '';
  let representationId = '';

  const attach = (representation: string, filename: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/enforcement-representations/${representation}/files?filename=${filename}`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('%PDF-1.4\n%%EOF\n') });
  const fileRows = () => t.database.db.selectFrom('enforcement_representation_files').select('filename').where('representation_id', '=', representationId).execute();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    const officerUser = await createUser(t.database.db, 'enforcementOfficer', { organisation: w.regulator, name: 'Colin Closer' });
    officer = new ReportApiClient(t.app, (await createPersonalAccessToken(await serviceContextFor(t, officerUser, clock), { name: 'enforcement', expiresInDays: 366, scopes: ['read', 'enforcement:write'] })).token);
    const id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    noticeId = (await t.database.db.selectFrom('enforcement_actions').select('id').where('inspection_id', '=', id).executeTakeFirstOrThrow()).id;
    clock.set('2025-10-28T10:00:00Z');
  });
  afterAll(async () => t.close());

  it('after the notice is decided and closed, the practice can attach neither a file nor a new representation, and nothing is stored', async () => {
    const sent = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'Our governance meetings now run monthly.' });
    expect(sent.statusCode, sent.body).toBe(201);
    representationId = sent.json().representations[0].id;
    expect((await attach(representationId, 'minutes.pdf')).statusCode).toBe(201);
    const decided = await officer.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'decide', decision: 'upheld', decisionReason: 'The minutes show a start, but the systems are not yet embedded.' });
    expect(decided.statusCode, decided.body).toBe(200);
    const closed = await officer.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'close' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');

    const late = await attach(representationId, 'after-closing.pdf');
    expect(late.statusCode).toBe(409);
    const again = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'One more thing after closing.' });
    expect(again.statusCode).toBe(409);
    expect((await fileRows()).map((f) => f.filename)).toEqual(['minutes.pdf']);
  });
});
