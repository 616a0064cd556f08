/**
 * Upload quota (issue 14, item 7; docs/database-roles.md, "Upload quota"). Unfinished uploads
 * reserve disk by the size they declare, so a person and an inspection may hold only so many
 * open upload sessions and so many declared bytes at once; a new upload is refused by its
 * declared size before any byte is stored. An unfinished upload lives a while after its last
 * chunk, but never past a fixed time after it started, so a trickle of chunks cannot keep it
 * (and its reserved bytes) alive for ever.
 */
import { formatBytes } from './file-rules.js';

export interface UploadQuotaLimits {
  openPerUser: number;
  openBytesPerUser: number;
  openPerInspection: number;
  openBytesPerInspection: number;
}

/** Open (unfinished, unexpired) uploads already held. */
export interface OpenUploads {
  userCount: number;
  userBytes: number;
  inspectionCount: number;
  inspectionBytes: number;
}

export type QuotaRefusal = { code: 'too_many_open_uploads' | 'upload_quota_exceeded'; status: 413 | 429; message: string };

export function checkUploadQuota(open: OpenUploads, size: number, limits: UploadQuotaLimits): QuotaRefusal | null {
  const finish = 'Finish or cancel one of them before starting another, or wait for them to expire.';
  if (open.userCount + 1 > limits.openPerUser) {
    return { code: 'too_many_open_uploads', status: 429, message: `You already have ${open.userCount} unfinished ${open.userCount === 1 ? 'upload' : 'uploads'}, the most one person may have at once. ${finish}` };
  }
  if (open.userBytes + size > limits.openBytesPerUser && open.userBytes === 0) {
    return { code: 'upload_quota_exceeded', status: 413, message: `This file (${formatBytes(size)}) is more than the ${formatBytes(limits.openBytesPerUser)} one person may have unfinished at once. Ask the inspection team how to send it.` };
  }
  if (open.userBytes + size > limits.openBytesPerUser) {
    return {
      code: 'upload_quota_exceeded',
      status: 413,
      message: `Your unfinished uploads already come to ${formatBytes(open.userBytes)}; with this file (${formatBytes(size)}) they would pass the ${formatBytes(limits.openBytesPerUser)} one person may have unfinished at once. ${finish}`,
    };
  }
  if (open.inspectionCount + 1 > limits.openPerInspection) {
    return { code: 'too_many_open_uploads', status: 429, message: `This inspection already has ${open.inspectionCount} unfinished uploads, the most it may have at once. Ask colleagues to finish or cancel theirs, or try again later.` };
  }
  if (open.inspectionBytes + size > limits.openBytesPerInspection) {
    return {
      code: 'upload_quota_exceeded',
      status: 413,
      message: `This inspection's unfinished uploads already come to ${formatBytes(open.inspectionBytes)}; with this file (${formatBytes(size)}) they would pass the ${formatBytes(limits.openBytesPerInspection)} it may have unfinished at once. Try again when some have finished.`,
    };
  }
  return null;
}

/** An unfinished upload may rest this long between chunks (so it can be resumed the next day). */
export const UPLOAD_IDLE_MS = 2 * 24 * 60 * 60 * 1000;
/** ... and never lives longer than this after it started, however often chunks arrive. */
export const UPLOAD_MAX_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** When an unfinished upload expires, after activity at `now`. */
export function uploadExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + UPLOAD_IDLE_MS, createdAt.getTime() + UPLOAD_MAX_LIFETIME_MS));
}
