import { describe, expect, it } from 'vitest';
import { checkUploadQuota, uploadExpiry, type OpenUploads } from './upload-quota.js';

const MB = 1024 * 1024;
const limits = { openPerUser: 3, openBytesPerUser: 100 * MB, openPerInspection: 5, openBytesPerInspection: 300 * MB };
const none: OpenUploads = { userCount: 0, userBytes: 0, inspectionCount: 0, inspectionBytes: 0 };

describe('upload quota', () => {
  it.each([
    ['nothing open, a file within every limit', none, 10 * MB, null],
    ['exactly at the per-user byte limit', { ...none, userCount: 1, userBytes: 90 * MB, inspectionCount: 1, inspectionBytes: 90 * MB }, 10 * MB, null],
    ['one byte past the per-user byte limit', { ...none, userCount: 1, userBytes: 90 * MB, inspectionCount: 1, inspectionBytes: 90 * MB }, 10 * MB + 1, 'upload_quota_exceeded'],
    ['the per-user session limit reached', { ...none, userCount: 3, userBytes: 3, inspectionCount: 3, inspectionBytes: 3 }, 1, 'too_many_open_uploads'],
    ['the inspection session limit reached by colleagues', { ...none, userCount: 0, inspectionCount: 5, inspectionBytes: 5 }, 1, 'too_many_open_uploads'],
    ['the inspection byte limit passed by colleagues', { ...none, inspectionCount: 4, inspectionBytes: 250 * MB }, 60 * MB, 'upload_quota_exceeded'],
  ] as const)('%s', (_label, open, size, code) => {
    expect(checkUploadQuota(open, size, limits)?.code ?? null).toBe(code);
  });

  it('says what is open and what to do', () => {
    expect(checkUploadQuota(none, 120 * MB, limits)?.message).toBe('This file (120 MB) is more than the 100 MB one person may have unfinished at once. Ask the inspection team how to send it.');
    expect(checkUploadQuota({ ...none, userCount: 3 }, 1, limits)?.message).toBe(
      'You already have 3 unfinished uploads, the most one person may have at once. Finish or cancel one of them before starting another, or wait for them to expire.',
    );
    expect(checkUploadQuota({ ...none, userCount: 1, userBytes: 95 * MB }, 10 * MB, limits)?.message).toBe(
      'Your unfinished uploads already come to 95 MB; with this file (10 MB) they would pass the 100 MB one person may have unfinished at once. Finish or cancel one of them before starting another, or wait for them to expire.',
    );
  });
});

describe('upload expiry', () => {
  const start = new Date('2026-12-01T09:00:00Z');
  it.each([
    ['at the start: two days', '2026-12-01T09:00:00Z', '2026-12-03T09:00:00Z'],
    ['a chunk a day later moves it on', '2026-12-02T09:00:00Z', '2026-12-04T09:00:00Z'],
    ['a chunk on day six cannot take it past a week', '2026-12-07T09:00:00Z', '2026-12-08T09:00:00Z'],
    ['a chunk on day seven still ends at a week', '2026-12-08T08:00:00Z', '2026-12-08T09:00:00Z'],
  ])('%s', (_label, now, expected) => {
    expect(uploadExpiry(start, new Date(now)).toISOString()).toBe(new Date(expected).toISOString());
  });
});
