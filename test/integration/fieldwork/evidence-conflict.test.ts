/**
 * Two inspectors editing one evidence item: the later save, based on an older version, is
 * refused with both texts, and neither is lost. Attachments use the file store with the same
 * type and content checks as evidence files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStopsleyWorld, FieldworkApiClient, stopsleyInspectionBody, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { confirmTeam, MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('evidence items: conflicting edits and attachments', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: StopsleyWorld;
  const clock = new MovableClock(new Date('2025-10-07T08:00:00Z'));
  const api = {} as Record<keyof StopsleyWorld['people'], FieldworkApiClient>;
  let id = '';
  let itemId = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-uploads-'));
    t = await createTestApp({ config: { uploadDir }, clock });
    w = await createStopsleyWorld(t.database.db);
    for (const [key, user] of Object.entries(w.people)) api[key as keyof StopsleyWorld['people']] = new FieldworkApiClient(t.app, await tokenFor(t, user, clock));
    id = (await api.lead.post('/inspections', stopsleyInspectionBody(w))).json().id;
    // The lead proposed the team: a manager confirms it before notice (separation of duties).
    await confirmTeam(t, id, w.people.manager, clock);
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
    await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' });
    itemId = (await api.lead.post(`/inspections/${id}/evidence-items`, { body: 'Waiting room: ' })).json().id;
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('both inspectors load version 1; the first save wins, the second is refused with both texts and kept', async () => {
    const lead = await api.lead.patch(`/evidence-items/${itemId}`, { version: 1, body: 'Waiting room: notices about chaperones were displayed.' });
    expect(lead.statusCode).toBe(200);
    expect(lead.json().version).toBe(2);

    const other = await api.inspector.patch(`/evidence-items/${itemId}`, { version: 1, body: 'Waiting room: the hearing loop was not working.' });
    expect(other.statusCode).toBe(409);
    const e = other.json().error;
    expect(e.code).toBe('edit_conflict');
    expect(e.message).toMatch(/Someone else saved this evidence item \(now version 2\) after you loaded version 1\. Your text has been kept/);
    expect(e.current).toMatchObject({ version: 2, body: 'Waiting room: notices about chaperones were displayed.' });
    expect(e.yours).toMatchObject({ body: 'Waiting room: the hearing loop was not working.', basedOnVersion: 1 });

    // Nothing was overwritten, and the refused text is stored.
    expect((await api.lead.get(`/evidence-items/${itemId}`)).json().body).toBe('Waiting room: notices about chaperones were displayed.');
    const conflicts = (await api.lead.get(`/evidence-items/${itemId}/conflicts`)).json().conflicts;
    expect(conflicts).toEqual([expect.objectContaining({ body: 'Waiting room: the hearing loop was not working.', basedOnVersion: 1, savedBy: 'Omar Inspector' })]);

    // The second inspector merges and saves on top of version 2.
    const merged = await api.inspector.patch(`/evidence-items/${itemId}`, { version: 2, body: 'Waiting room: notices about chaperones were displayed. The hearing loop was not working.' });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ version: 3, body: expect.stringContaining('hearing loop') });
    const filtered = await api.lead.get(`/inspections/${id}/evidence-items?statement=s1`);
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().items).toEqual([]);
    const revisions = await t.database.db.selectFrom('evidence_item_revisions').select(['kind', 'version']).where('evidence_item_id', '=', itemId).orderBy('id').execute();
    expect(revisions).toEqual([
      { kind: 'saved', version: 1 },
      { kind: 'saved', version: 2 },
      { kind: 'conflict', version: 2 },
      { kind: 'saved', version: 3 },
    ]);
  });

  it('the OpenAPI document describes the fieldwork, judgement and enforcement routes, from the same schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const p of ['/inspections/{id}/evidence-items', '/evidence-items/{id}', '/inspections/{id}/briefings', '/concerns/{id}/response', '/inspections/{id}/scores/{code}', '/inspections/{id}/judgement/approval', '/enforcement-actions/{id}/transitions', '/enforcement-actions/{id}/representations']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(JSON.stringify(doc.paths['/evidence-items/{id}'].patch)).toContain('edit_conflict');
  });

  it('an expert by experience-style read-only role, the practice and an outsider cannot edit; a missing version is refused', async () => {
    // The practice's role can never record evidence: refused by role, saying nothing about the item.
    const practice = await api.practiceManager.patch(`/evidence-items/${itemId}`, { version: 3, body: 'x' });
    expect(practice.statusCode).toBe(403);
    expect(practice.json().error.message).toBe('Your role does not allow this');
    expect((await api.practiceManager.get(`/evidence-items/${itemId}`)).statusCode).toBe(404);
    expect((await api.outsider.get(`/evidence-items/${itemId}`)).statusCode).toBe(404);
    expect((await api.lead.patch(`/evidence-items/${itemId}`, { body: 'no version' })).statusCode).toBe(400);
  });

  it('a photo is attached and downloaded as an attachment; a disguised file and a wrong type are refused', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/evidence-items/${itemId}/attachments?filename=notice-board.png`, headers: { authorization: `Bearer ${api.lead.token}`, 'content-type': 'application/octet-stream' }, payload: png });
    expect(up.statusCode, up.body).toBe(201);
    const att = up.json().attachments[0];
    expect(att).toMatchObject({ filename: 'notice-board.png', contentType: 'image/png', sizeBytes: 208 });
    const down = await api.lead.get(`/evidence-attachments/${att.id}/download`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-disposition']).toMatch(/^attachment; filename="notice-board.png"/);
    expect(down.rawPayload.equals(png)).toBe(true);
    expect((await api.practiceManager.get(`/evidence-attachments/${att.id}/download`)).statusCode).toBe(404);
    // The download is audited with who and which file; the refused attempt is not a download.
    const downloads = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'subject_id', 'after']).where('action', '=', 'EVIDENCE_ATTACHMENT_DOWNLOADED').execute();
    expect(downloads).toEqual([{ actor_user_id: w.people.lead.id, subject_id: itemId, after: expect.objectContaining({ attachmentId: att.id, filename: 'notice-board.png' }) }]);

    const fake = await t.app.inject({ method: 'POST', url: `/api/v1/evidence-items/${itemId}/attachments?filename=photo.jpg`, headers: { authorization: `Bearer ${api.lead.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('MZ not a jpeg') });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('file_content_not_allowed');
    const exe = await t.app.inject({ method: 'POST', url: `/api/v1/evidence-items/${itemId}/attachments?filename=tool.exe`, headers: { authorization: `Bearer ${api.lead.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('MZ') });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe('file_type_not_allowed');
    // Both refusals are audited with who, which file and why; someone who may not attach is refused
    // as such (never told about file rules), and leaves no row.
    const outsider = await t.app.inject({ method: 'POST', url: `/api/v1/evidence-items/${itemId}/attachments?filename=tool.exe`, headers: { authorization: `Bearer ${api.outsider.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('MZ') });
    expect(outsider.statusCode).toBe(403);
    const offTeam = await tokenFor(t, await createUser(t.database.db, 'inspector'), clock);
    const notOnTeam = await t.app.inject({ method: 'POST', url: `/api/v1/evidence-items/${itemId}/attachments?filename=tool.exe`, headers: { authorization: `Bearer ${offTeam}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('MZ') });
    expect(notOnTeam.statusCode).toBe(404);
    const refused = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'subject_id', 'after']).where('action', '=', 'FILE_UPLOAD_REFUSED').orderBy('id').execute();
    expect(refused).toEqual([
      { actor_user_id: w.people.lead.id, subject_id: itemId, after: expect.objectContaining({ files: [{ filename: 'photo.jpg', size: 13 }], code: 'file_content_not_allowed' }) },
      { actor_user_id: w.people.lead.id, subject_id: itemId, after: expect.objectContaining({ files: [{ filename: 'tool.exe', size: 2 }], code: 'file_type_not_allowed' }) },
    ]);
  });
});
