/** Evidence uploads: limits with clear messages, resumable chunks, versions kept, safe downloads. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTeam, ApiClient, createLutonWorld, lutonInspectionBody, MovableClock, pdfBytes, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { FileStore } from '../../../src/services/files/file-store.js';
import { expireUploads } from '../../../src/services/inspections/uploads.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('evidence uploads', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let lead: ApiClient;
  let icb: ApiClient;
  let nurse: ApiClient;
  let requestId = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-uploads-'));
    t = await createTestApp({ clock, config: { uploadDir } });
    w = await createLutonWorld(t.database.db);
    lead = new ApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    icb = new ApiClient(t.app, await tokenFor(t, w.people.executiveLead, clock));
    nurse = new ApiClient(t.app, await tokenFor(t, w.people.designatedNurse, clock));
    const id = (await lead.post('/inspections', lutonInspectionBody(w))).json().id;
    await confirmTeam(t, id, w.people.manager, clock);
    requestId = (await lead.post(`/inspections/${id}/evidence-requests`, { requests: [{ title: 'Safeguarding policy' }] })).json().requests[0].id;
    await lead.post(`/inspections/${id}/transitions`, { event: 'notify' });
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('refuses a too-large file before any byte is sent, with a clear message', async () => {
    const res = await icb.post(`/evidence-requests/${requestId}/uploads`, { filename: 'scans.pdf', size: 300 * 1024 * 1024 });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 'file_too_large', message: 'The selected file scans.pdf is 300 MB: it must be smaller than 250 MB' } });
  });

  it('refuses a disallowed type by its extension, and a disguised file by its content', async () => {
    const exe = await icb.post(`/evidence-requests/${requestId}/uploads`, { filename: 'setup.exe', size: 1000 });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toEqual({ code: 'file_type_not_allowed', message: 'The selected file setup.exe must be a PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), CSV, text, PNG or JPEG file' });

    const fake = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(98, 1)]);
    const started = await icb.post(`/evidence-requests/${requestId}/uploads`, { filename: 'policy.pdf', size: fake.length });
    expect(started.statusCode).toBe(201);
    const res = await icb.chunk(started.json().id, fake, 0, fake.length);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toBe('The selected file policy.pdf is not a real PDF file: it must be a PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), CSV, text, PNG or JPEG file');
    expect((await icb.get(`/uploads/${started.json().id}`)).json()).toMatchObject({ status: 'failed' });
    expect((await icb.get(`/evidence-requests/${requestId}`)).json()).toMatchObject({ status: 'requested', fileCount: 0 });
  });

  it('resumes an interrupted chunked upload of a large file from the offset the server reports', async () => {
    const size = 20 * 1024 * 1024 + 12345;
    const file = pdfBytes(size);
    file.fill(0x41, 100, 5000); // some content to hash
    const started = await nurse.post(`/evidence-requests/${requestId}/uploads`, { filename: 'Safeguarding policy.pdf', size });
    expect(started.statusCode).toBe(201);
    const { id, maxChunkBytes } = started.json();
    expect(maxChunkBytes).toBe(8 * 1024 * 1024);

    // First chunk arrives.
    expect((await nurse.chunk(id, file.subarray(0, maxChunkBytes), 0, size)).json().receivedBytes).toBe(maxChunkBytes);
    // The connection drops: the second chunk is cut short, so its declared range does not match and nothing of it is recorded.
    const cut = await nurse.app.inject({
      method: 'PUT',
      url: `/api/v1/uploads/${id}`,
      headers: { authorization: `Bearer ${nurse.token}`, 'content-type': 'application/octet-stream', 'content-range': `bytes ${maxChunkBytes}-${2 * maxChunkBytes - 1}/${size}` },
      payload: file.subarray(maxChunkBytes, maxChunkBytes + 1000),
    });
    expect(cut.statusCode).toBe(400);
    // A server crash mid-chunk: bytes written past the recorded offset but never recorded. They are overwritten on resume.
    const { storage_key } = await t.database.db.selectFrom('upload_sessions').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow();
    await new FileStore(uploadDir).writeAt(storage_key, maxChunkBytes, Buffer.alloc(3000, 0xee));
    // A chunk sent from the wrong offset is refused with the offset to resume from.
    const wrong = await nurse.chunk(id, file.subarray(0, 10), 0, size);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.message).toBe(`Expected a chunk starting at byte ${maxChunkBytes}: ask for the upload's offset and resume from there`);

    // After a page refresh the client finds its unfinished upload and asks where to resume.
    const open = (await nurse.get(`/evidence-requests/${requestId}/uploads`)).json().uploads;
    expect(open.map((u: { id: string }) => u.id)).toEqual([id]);
    const head = await nurse.head(`/uploads/${id}`);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe(String(maxChunkBytes));
    // Nobody else can see or continue someone's upload.
    expect((await icb.get(`/uploads/${id}`)).statusCode).toBe(404);

    let offset = Number(head.headers['upload-offset']);
    while (offset < size) {
      const end = Math.min(offset + maxChunkBytes, size);
      const res = await nurse.chunk(id, file.subarray(offset, end), offset, size);
      expect(res.statusCode, res.body).toBe(200);
      offset = res.json().receivedBytes;
    }
    const status = (await nurse.get(`/uploads/${id}`)).json();
    expect(status).toMatchObject({ status: 'complete', receivedBytes: size, file: { version: 1, sizeBytes: size } });
    expect(status.file.sha256).toBe(createHash('sha256').update(file).digest('hex'));

    // A completed upload is committed: a refresh shows the file, and sending more is refused.
    expect((await nurse.get(`/evidence-requests/${requestId}`)).json()).toMatchObject({ status: 'provided', latestFile: { version: 1 } });
    expect((await nurse.chunk(id, file.subarray(0, 10), 0, size)).statusCode).toBe(409);

    const download = await lead.get(`/evidence-files/${status.file.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.length).toBe(size);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps every version when a file is replaced, stored under random keys outside the web root', async () => {
    const v2 = pdfBytes(2000);
    const s = await icb.post(`/evidence-requests/${requestId}/uploads`, { filename: 'Safeguarding policy v2.pdf', size: v2.length });
    expect((await icb.chunk(s.json().id, v2, 0, v2.length)).json().file.version).toBe(2);
    const request = (await icb.get(`/evidence-requests/${requestId}`)).json();
    expect(request.files.map((f: { version: number; filename: string }) => `${f.version} ${f.filename}`)).toEqual(['2 Safeguarding policy v2.pdf', '1 Safeguarding policy.pdf']);
    expect(request.latestFile.version).toBe(2);
    // Both versions can still be downloaded.
    for (const f of request.files) expect((await lead.get(`/evidence-files/${f.id}/download`)).statusCode).toBe(200);
    // On disk: only uuid names, none of the user's filenames.
    const shards = await readdir(path.join(uploadDir, 'objects'));
    const names = (await Promise.all(shards.map((d) => readdir(path.join(uploadDir, 'objects', d))))).flat();
    for (const n of names) expect(n).toMatch(/^[0-9a-f-]{36}$/);
    const timeline = (await icb.get(`/inspections/${request.inspectionId}/timeline`)).json().events.map((e: { summary: string }) => e.summary);
    expect(timeline).toContain('"Safeguarding policy" replaced with version 2: Safeguarding policy v2.pdf');
  });

  it('expires unfinished uploads after a week and deletes their partial bytes, never finished files', async () => {
    const s = await icb.post(`/evidence-requests/${requestId}/uploads`, { filename: 'draft.pdf', size: 5000 });
    await icb.chunk(s.json().id, pdfBytes(5000).subarray(0, 1000), 0, 5000);
    const { storage_key } = await t.database.db.selectFrom('upload_sessions').select('storage_key').where('id', '=', s.json().id).executeTakeFirstOrThrow();
    const filesBefore = await t.database.db.selectFrom('evidence_files').select('storage_key').execute();
    clock.set('2026-12-10T09:00:00Z');
    expect(await expireUploads({ db: t.database.db, config: t.config, clock })).toBeGreaterThanOrEqual(1);
    expect((await icb.get(`/uploads/${s.json().id}`)).json()).toMatchObject({ status: 'cancelled', failureReason: 'Expired before it was finished' });
    const shard = path.join(uploadDir, 'objects', storage_key.slice(0, 2));
    expect((await readdir(shard).catch((): string[] => [])).includes(storage_key)).toBe(false);
    for (const f of filesBefore) expect((await readdir(path.join(uploadDir, 'objects', f.storage_key.slice(0, 2)))).includes(f.storage_key)).toBe(true);
    clock.set('2026-11-26T09:00:00Z');
  });

  it('refuses a chunk larger than the limit', async () => {
    const s = await icb.post(`/evidence-requests/${requestId}/uploads`, { filename: 'big.pdf', size: 10 * 1024 * 1024 });
    const res = await icb.chunk(s.json().id, pdfBytes(8 * 1024 * 1024 + 1), 0, 10 * 1024 * 1024);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: 'chunk_too_large', message: 'A chunk can be at most 8 MB: send the file in smaller pieces' });
  });
});
