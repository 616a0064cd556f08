/**
 * Evidence attached to factual accuracy comments (issue #7, item 3: "factual inaccuracy behind a
 * judgement, with evidence attached"). The practice attaches a PDF to a category B comment from the
 * page without JavaScript; a disallowed file is refused with a GOV.UK error summary, what was typed
 * kept and nothing stored; the file downloads as an attachment for the practice, and for the
 * independent reviewer once submitted; anyone else gets "not found". The API does the same.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, pdfBytes } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { anonymous, signIn, TestSession, type MultipartPart } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const errorSummaryText = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

describe('evidence files on factual accuracy comments', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let uploadDir = '';
  let id = '';
  let practice: TestSession;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const commentsUrl = () => `/inspections/${id}/report/factual-accuracy/comments`;
  const storedObjects = async () => (await readdir(path.join(uploadDir, 'objects'), { recursive: true }).catch(() => [] as string[])).filter((f) => /[0-9a-f-]{36}$/.test(String(f)));
  const commentFields = (over: Record<string, string> = {}): MultipartPart[] =>
    Object.entries({ id: '', sectionKey: 'qs:W5', passage: 'There was no record of learning from significant events', category: 'factual_inaccuracy', comment: 'Minutes of our monthly significant events meeting show the learning & the changes made.', proposedChange: '', evidence: '', ...over }).map(([name, value]) => ({ name, value }));
  const minutes = pdfBytes(4000);
  let fileHref = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-fa-files-'));
    t = await createTestApp({ config: { uploadDir }, clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'factual_accuracy');
    clock.set('2025-12-03T10:00:00Z');
    practice = await signIn(t.app, w.people.practiceManager);
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('the comment form is a multipart form with a GOV.UK file upload', async () => {
    const page = await practice.get(`/inspections/${id}/report/factual-accuracy?section=qs%3AW5`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form method="post" action="[^"?]*\/factual-accuracy\/comments" enctype="multipart\/form-data"/);
    expect(page.body).toMatch(/<input class="govuk-file-upload[^"]*" id="files" name="files" type="file"[^>]*multiple/);
  });

  it('a disallowed file is refused with an error summary; what was typed is kept and nothing is stored', async () => {
    const res = await practice.postMultipart(commentsUrl(), [...commentFields(), { name: 'files', filename: 'minutes.exe', content: Buffer.from('MZ this is a program') }]);
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain('<title>Error: ');
    expect(errorSummaryText(res.body)).toContain('The selected file minutes.exe must be a PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), CSV, text, PNG or JPEG file. Nothing was saved: select the files again.');
    expect(errorSummaryText(res.body)).toContain('href="#files"');
    expect(res.body).toContain('Minutes of our monthly significant events meeting show the learning &amp; the changes made.');
    expect(await storedObjects()).toEqual([]);
    expect((await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json().comments).toEqual([]);
    // The refusal is in the audit trail: who, which file, why (issue 14).
    const refused = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'subject_id', 'after']).where('action', '=', 'FILE_UPLOAD_REFUSED').execute();
    expect(refused).toEqual([{ actor_user_id: w.people.practiceManager.id, subject_id: id, after: expect.objectContaining({ files: [{ filename: 'minutes.exe', size: 20 }], code: 'file_type_not_allowed' }) }]);
  });

  it('a file that is not what its name says is refused too', async () => {
    const res = await practice.postMultipart(commentsUrl(), [...commentFields(), { name: 'files', filename: 'minutes.pdf', content: Buffer.from('<html>not a pdf</html>') }]);
    expect(res.statusCode).toBe(415);
    expect(errorSummaryText(res.body)).toContain('The selected file minutes.pdf is not a real PDF file');
    expect(await storedObjects()).toEqual([]);
  });

  it('a category B comment with neither a description nor a file asks for evidence', async () => {
    const res = await practice.postMultipart(commentsUrl(), commentFields());
    expect(res.statusCode).toBe(400);
    expect(errorSummaryText(res.body)).toContain('Describe or attach the evidence for a factual inaccuracy behind a judgement (category B)');
  });

  it('a category B comment saved with a PDF attached and no description: listed with the comment as a download', async () => {
    const res = await practice.postMultipart(commentsUrl(), [...commentFields(), { name: 'files', filename: 'SEA minutes Sept 2025.pdf', content: minutes }]);
    expect(res.statusCode, errorSummaryText(res.body)).toBe(303);
    expect(TestSession.location(res)).toMatch(/notice=savedWithFiles/);
    expect(await storedObjects()).toHaveLength(1);
    const page = await practice.get(TestSession.location(res));
    expect(page.body).toContain('Comment and files saved.');
    const link = /<ul class="govuk-list" data-testid="fa-comment-files">\s*<li><a class="govuk-link" href="([^"]+)" download>SEA minutes Sept 2025.pdf<\/a> <span class="govuk-body-s">\(PDF, 4 KB\)<\/span>/.exec(page.body);
    expect(link, 'the file is listed with the comment').not.toBeNull();
    fileHref = link![1]!;
    const fa = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json();
    expect(fa.comments).toEqual([expect.objectContaining({ category: 'factual_inaccuracy', evidence: null, files: [expect.objectContaining({ filename: 'SEA minutes Sept 2025.pdf', contentType: 'application/pdf', sizeBytes: 4000 })] })]);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'after']).where('action', '=', 'FA_COMMENT_FILE_ADDED').execute();
    expect(audit).toEqual([expect.objectContaining({ after: expect.objectContaining({ filename: 'SEA minutes Sept 2025.pdf', size: 4000 }) })]);
  });

  it('the practice downloads its file as an attachment, never as a page', async () => {
    const res = await practice.get(fileHref);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="SEA minutes Sept 2025.pdf"/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload.equals(minutes)).toBe(true);
    // Every download is in the audit trail: who, and which file (issue 14).
    const fileId = fileHref.split('/').pop();
    const downloads = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'after']).where('action', '=', 'FA_COMMENT_FILE_DOWNLOADED').execute();
    expect(downloads).toEqual([{ actor_user_id: w.people.practiceManager.id, after: expect.objectContaining({ fileId, filename: 'SEA minutes Sept 2025.pdf' }) }]);
  });

  it('before the response is sent the reviewer cannot see the file; another organisation and the public never can', async () => {
    const reviewer = await signIn(t.app, w.people.reviewer);
    expect((await reviewer.get(fileHref)).statusCode).toBe(404);
    const outsider = await signIn(t.app, w.people.outsider);
    expect((await outsider.get(fileHref)).statusCode).toBe(404);
    const visitor = await anonymous(t.app).get(fileHref);
    expect(visitor.statusCode).not.toBe(200);
    expect(visitor.rawPayload.includes(minutes.subarray(0, 20))).toBe(false);
    const fileId = fileHref.split('/').pop();
    expect((await api.outsider.get(`/inspections/${id}/report/factual-accuracy/files/${fileId}`)).statusCode).toBe(404);
  });

  it('the page takes a comment of any length (30,000 characters saved whole)', async () => {
    const long = `${'The minutes record each event, the discussion and the change agreed. '.repeat(440)}End.`;
    expect(long.length).toBeGreaterThan(30_000);
    const res = await practice.postMultipart(commentsUrl(), commentFields({ sectionKey: 'summary', passage: 'comprehensive inspection', category: 'omitted_information', comment: long }));
    expect(res.statusCode, errorSummaryText(res.body)).toBe(303);
    const saved = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json().comments.find((c: { sectionKey: string }) => c.sectionKey === 'summary');
    expect(saved.comment).toBe(long);
    expect((await api.practiceManager.delete(`/inspections/${id}/report/factual-accuracy/comments/${saved.id}`)).statusCode).toBe(204);
  });

  it('the API attaches a second file; the only evidence cannot be removed, a second one can', async () => {
    const [comment] = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json().comments;
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/inspections/${id}/report/factual-accuracy/comments/${comment.id}/files?filename=audit.csv`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('date,event\n2025-09-04,SEA review\n') });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ filename: 'audit.csv', contentType: 'text/csv' });
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/inspections/${id}/report/factual-accuracy/comments/${comment.id}/files?filename=run.sh`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('#!/bin/sh') });
    expect(bad.statusCode).toBe(415);
    expect(bad.json().error.code).toBe('file_type_not_allowed');
    expect(await storedObjects()).toHaveLength(2);

    const removed = await api.practiceManager.delete(`/inspections/${id}/report/factual-accuracy/comments/${comment.id}/files/${added.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect(await storedObjects()).toHaveLength(1);
    const pdfId = fileHref.split('/').pop();
    const last = await api.practiceManager.delete(`/inspections/${id}/report/factual-accuracy/comments/${comment.id}/files/${pdfId}`);
    expect(last.statusCode).toBe(400);
    expect(last.json().error.message).toContain('SEA minutes Sept 2025.pdf is the only evidence for this factual inaccuracy (category B)');
    expect(await storedObjects()).toHaveLength(1);
  });

  it('once submitted the independent reviewer sees the file with the comment and downloads it; the file can no longer be removed', async () => {
    const submitted = await practice.post(`/inspections/${id}/report/factual-accuracy/submission`, {});
    expect(submitted.statusCode, errorSummaryText(submitted.body)).toBe(303);
    const reviewer = await signIn(t.app, w.people.reviewer);
    const page = await reviewer.get(`/inspections/${id}/report/factual-accuracy/review`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-testid="review-comment-files"><li><a class="govuk-link" href="[^"]+" download>SEA minutes Sept 2025.pdf<\/a>/);
    const res = await reviewer.get(fileHref);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(res.rawPayload.equals(minutes)).toBe(true);

    const [comment] = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json().comments;
    const gone = await api.practiceManager.delete(`/inspections/${id}/report/factual-accuracy/comments/${comment.id}/files/${fileHref.split('/').pop()}`);
    expect(gone.statusCode).toBe(409);
    expect(await storedObjects()).toHaveLength(1);
  });
});
