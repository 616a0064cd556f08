/**
 * The organisation's representations page without JavaScript: the practice sends its
 * representations against an issued warning notice with a PDF from the page and sees it
 * listed; a disallowed file is refused with a GOV.UK error summary, the typed text kept and
 * nothing stored.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStopsleyWorld, FieldworkApiClient, stopsleyInFieldwork, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { MovableClock, pdfBytes, tokenFor } from '../../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** The representations form as a browser sends it: the text field, then the file. */
function send(s: TestSession, url: string, body: string, file: { filename: string; content: Buffer } | null): Promise<LightMyRequestResponse> {
  return s.postMultipart(url, [{ name: 'body', value: body }, ...(file ? [{ name: 'files', ...file }] : [])]);
}

const errorSummaryText = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

describe('representations with evidence from the page', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: StopsleyWorld;
  const clock = new MovableClock(new Date('2025-10-24T09:00:00Z'));
  let id = '';
  let noticeId = '';
  let practice: TestSession;

  const storedObjects = async () => (await readdir(path.join(uploadDir, 'objects'), { recursive: true }).catch(() => [] as string[])).filter((f) => /[0-9a-f-]{36}$/.test(String(f)));

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-uploads-'));
    t = await createTestApp({ config: { uploadDir }, clock });
    w = await createStopsleyWorld(t.database.db, { password: TEST_PASSWORD });
    const lead = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    const enforcement = new FieldworkApiClient(t.app, await tokenFor(t, w.people.enforcement, clock));
    id = await stopsleyInFieldwork(t, w, clock);
    const breach = await lead.post(`/inspections/${id}/breaches`, { regulation: '17', paragraph: '17(1)', keyQuestion: 'well-led', description: 'Learning from significant events was not used to improve the service.' });
    expect(breach.statusCode, breach.body).toBe(201);
    const notice = await enforcement.post(`/inspections/${id}/enforcement-actions`, { kind: 'warning-notice', breachId: breach.json().id });
    noticeId = notice.json().id;
    const issued = await enforcement.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'issue', complianceDate: '2025-12-19' });
    expect(issued.statusCode, issued.body).toBe(200);
    practice = await signIn(t.app, w.people.practiceManager);
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('the form offers a GOV.UK file upload in a multipart form', async () => {
    const page = await practice.get(`/inspections/${id}/enforcement/${noticeId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form method="post" action="[^"?]*\/representations" enctype="multipart\/form-data"/);
    expect(page.body).toMatch(/class="govuk-file-upload[^"]*"[^>]*name="files"|name="files"[^>]*class="govuk-file-upload/);
  });

  it('a disallowed type is refused with a clear message, the typed text kept and nothing stored', async () => {
    const url = `/inspections/${id}/enforcement/${noticeId}/representations`;
    const res = await send(practice, url, 'We dispute the finding about significant events & have minutes.', { filename: 'minutes.exe', content: Buffer.from('MZ not a document') });
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain('<title>Error: ');
    const summary = errorSummaryText(res.body);
    expect(summary).toContain('href="#files"');
    expect(summary).toContain('The selected file minutes.exe must be a PDF');
    expect(res.body).toMatch(/<textarea[^>]*name="body"[^>]*>We dispute the finding about significant events &amp; have minutes\.<\/textarea>/);
    const fake = await send(practice, url, 'Second try.', { filename: 'minutes.pdf', content: Buffer.from('this is not a PDF at all') });
    expect(fake.statusCode).toBe(415);
    expect(errorSummaryText(fake.body)).toContain('The selected file minutes.pdf is not a real PDF file');
    expect(await t.database.db.selectFrom('enforcement_representations').select('id').execute()).toEqual([]);
    expect(await storedObjects()).toEqual([]);
    const api = await t.database.db.selectFrom('enforcement_actions').select('state').where('id', '=', noticeId).executeTakeFirstOrThrow();
    expect(api.state).toBe('issued');
  });

  it('the practice sends its representations with a PDF and sees it listed; the lead inspector can download it', async () => {
    clock.set('2025-10-30T10:00:00Z');
    practice = await signIn(t.app, w.people.practiceManager);
    await practice.get(`/inspections/${id}/enforcement/${noticeId}`);
    const pdf = pdfBytes(5000);
    const res = await send(practice, `/inspections/${id}/enforcement/${noticeId}/representations`, 'Our significant event log for 2025 is attached.', { filename: 'significant-events-2025.pdf', content: pdf });
    expect(res.statusCode, res.body).toBe(303);
    const page = await practice.get(res.headers.location as string);
    expect(page.body).toContain('Your reply has been sent to the regulator.');
    expect(page.body).toContain('Our significant event log for 2025 is attached.');
    const link = /<a class="govuk-link" href="(\/api\/v1\/enforcement-representation-files\/[0-9a-f-]+\/download)">significant-events-2025\.pdf<\/a>/.exec(page.body);
    expect(link).not.toBeNull();
    expect(page.body).not.toContain('Send your representations</button>');
    const lead = await signIn(t.app, w.people.lead);
    const download = await lead.get(link![1]!);
    expect(download.statusCode).toBe(200);
    expect(String(download.headers['content-disposition'])).toContain('attachment; filename="significant-events-2025.pdf"');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'REPRESENTATION_FILE_ADDED').execute();
    expect(audit).toHaveLength(1);
    expect(await storedObjects()).toHaveLength(1);
  });
});
