/**
 * Resumable evidence uploads (docs/inspections.md, "Upload protocol"). A client declares the
 * file (name, size), sends it in chunks with Content-Range, and can ask how much arrived to
 * resume after an interruption. The last chunk completes the upload: the size is verified,
 * the content sniffed against its extension, the SHA-256 computed, and the new file version
 * created in one transaction. A completed upload is committed, so refreshing the page never
 * loses it; files are stored under a random key outside the web root.
 */
import { sql } from 'kysely';
import type { Trx } from '../../data/database.js';
import { isUuid } from '../../data/repositories/inspection.repository.js';
import type { UploadSessionRow } from '../../data/tables/inspections.tables.js';
import { checkChunk, checkDeclaredFile, cleanFilename, contentMatchesType, extensionOf, MAX_CHUNK_BYTES, MAX_FILE_BYTES, parseContentRange, ALLOWED_EXTENSIONS_TEXT } from '../../domain/files/file-rules.js';
import { checkUploadQuota, uploadExpiry, UPLOAD_MAX_LIFETIME_MS, type OpenUploads } from '../../domain/files/upload-quota.js';
import { recordAudit, recordDownload } from '../audit.service.js';
import { requireUser } from '../authorisation.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ServiceError } from '../errors.js';
import { FileStore } from '../files/file-store.js';
import { loadRequestAccess, markProvided, type EvidenceFileView } from './evidence.service.js';

/** The longest an unfinished upload lives (it rests at most two days between chunks: src/domain/files/upload-quota.ts). */
export const UPLOAD_SESSION_LIFETIME_MS = UPLOAD_MAX_LIFETIME_MS;

export class UploadRefusedError extends ServiceError {
  constructor(status: number, code: string, message: string) {
    super(status, code, message);
  }
}

export interface UploadStatus {
  id: string;
  evidenceRequestId: string;
  filename: string;
  contentType: string;
  size: number;
  receivedBytes: number;
  status: 'receiving' | 'complete' | 'failed' | 'cancelled';
  failureReason: string | null;
  expiresAt: string;
  maxChunkBytes: number;
  uploadUrl: string;
  file: EvidenceFileView | null;
}

export function fileStore(ctx: Pick<ServiceContext, 'config'>): FileStore {
  return new FileStore(ctx.config.uploadDir);
}

async function statusOf(ctx: ServiceContext, s: UploadSessionRow): Promise<UploadStatus> {
  let file: EvidenceFileView | null = null;
  if (s.evidence_file_id) {
    const f = await ctx.db
      .selectFrom('evidence_files as f')
      .leftJoin('users as u', 'u.id', 'f.uploaded_by')
      .select(['f.id', 'f.version', 'f.original_filename', 'f.content_type', 'f.size_bytes', 'f.sha256', 'f.uploaded_at', 'u.name as uploaded_by_name'])
      .where('f.id', '=', s.evidence_file_id)
      .executeTakeFirst();
    if (f) {
      file = {
        id: f.id,
        version: f.version,
        filename: f.original_filename,
        contentType: f.content_type,
        sizeBytes: Number(f.size_bytes),
        sha256: f.sha256,
        uploadedBy: f.uploaded_by_name,
        uploadedAt: f.uploaded_at.toISOString(),
        downloadUrl: `/api/v1/evidence-files/${f.id}/download`,
      };
    }
  }
  return {
    id: s.id,
    evidenceRequestId: s.evidence_request_id,
    filename: s.filename,
    contentType: s.content_type,
    size: Number(s.declared_size),
    receivedBytes: Number(s.received_bytes),
    status: s.status as UploadStatus['status'],
    failureReason: s.failure_reason,
    expiresAt: s.expires_at.toISOString(),
    maxChunkBytes: MAX_CHUNK_BYTES,
    uploadUrl: `/api/v1/uploads/${s.id}`,
    file,
  };
}

export interface NewUpload {
  filename: string;
  size: number;
}

/**
 * Declares an upload; refuses a too-large file, a disallowed type or one past the upload quota
 * (open sessions and declared bytes, per person and per inspection) before any byte is sent.
 * A refusal is audited (EVIDENCE_UPLOAD_REFUSED) in the same transaction that decides it.
 */
export async function startUpload(ctx: ServiceContext, requestId: string, input: NewUpload): Promise<UploadStatus> {
  const outcome = await inTransaction(ctx, async (trx) => {
    const { access, request } = await loadRequestAccess(trx, ctx, requestId);
    if (!['notified', 'fieldwork', 'planned'].includes(access.inspection.state)) throw new ConflictError('Evidence can be sent only before or during fieldwork');
    if (request.status === 'withdrawn') throw new ConflictError('This request has been withdrawn: the document is no longer needed', 'withdrawn');
    const decided = await decide(trx, ctx, access.user.id, request.inspection_id, input);
    if ('refusal' in decided) {
      await recordRefusal(trx, ctx, request.id, input, decided.refusal);
      return decided;
    }
    const now = ctx.clock.now();
    const row = await trx
      .insertInto('upload_sessions')
      .values({
        evidence_request_id: request.id,
        filename: cleanFilename(input.filename),
        content_type: decided.contentType,
        declared_size: input.size,
        storage_key: fileStore(ctx).newKey(),
        created_by: access.user.id,
        created_at: now,
        updated_at: now,
        expires_at: uploadExpiry(now, now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'EVIDENCE_UPLOAD_STARTED', subjectType: 'evidence_request', subjectId: request.id, after: { uploadId: row.id, filename: input.filename, size: input.size } });
    return { id: row.id };
  });
  if ('refusal' in outcome) throw outcome.refusal;
  return getUpload(ctx, outcome.id);
}

/**
 * The checks startUpload makes, without starting: the no-JavaScript form asks before it reads
 * the file, with the request's Content-Length as the declared size. A refusal is audited.
 */
export async function checkUploadAllowed(ctx: ServiceContext, requestId: string, input: NewUpload): Promise<void> {
  const refusal = await inTransaction(ctx, async (trx) => {
    const { access, request } = await loadRequestAccess(trx, ctx, requestId);
    if (!['notified', 'fieldwork', 'planned'].includes(access.inspection.state)) throw new ConflictError('Evidence can be sent only before or during fieldwork');
    if (request.status === 'withdrawn') throw new ConflictError('This request has been withdrawn: the document is no longer needed', 'withdrawn');
    const decided = await decide(trx, ctx, access.user.id, request.inspection_id, input);
    if (!('refusal' in decided)) return null;
    await recordRefusal(trx, ctx, request.id, input, decided.refusal);
    return decided.refusal;
  });
  if (refusal) throw refusal;
}

async function decide(trx: Trx, ctx: ServiceContext, userId: string, inspectionId: string, input: NewUpload): Promise<{ refusal: UploadRefusedError } | { contentType: string }> {
  const check = checkDeclaredFile(input.filename, input.size, MAX_FILE_BYTES);
  if (!check.ok) return { refusal: new UploadRefusedError(check.code === 'file_too_large' ? 413 : check.code === 'file_type_not_allowed' ? 415 : 400, check.code, check.message) };
  // One start at a time per person and per inspection (always in this order), so a parallel
  // flood of starts cannot slip past the quota.
  await sql`select pg_advisory_xact_lock(hashtext(${`upload-quota:user:${userId}`}))`.execute(trx);
  await sql`select pg_advisory_xact_lock(hashtext(${`upload-quota:inspection:${inspectionId}`}))`.execute(trx);
  const over = checkUploadQuota(await openUploads(trx, ctx, userId, inspectionId), input.size, ctx.config.uploadQuota);
  return over ? { refusal: new UploadRefusedError(over.status, over.code, over.message) } : { contentType: check.type.contentType };
}

/** Unfinished, unexpired uploads held by the person and by the inspection. */
async function openUploads(trx: Trx, ctx: ServiceContext, userId: string, inspectionId: string): Promise<OpenUploads> {
  const row = await trx
    .selectFrom('upload_sessions as s')
    .innerJoin('evidence_requests as r', 'r.id', 's.evidence_request_id')
    .select([
      sql<number>`count(*) filter (where s.created_by = ${userId})`.as('user_count'),
      sql<number>`coalesce(sum(s.declared_size) filter (where s.created_by = ${userId}), 0)`.as('user_bytes'),
      sql<number>`count(*) filter (where r.inspection_id = ${inspectionId})`.as('inspection_count'),
      sql<number>`coalesce(sum(s.declared_size) filter (where r.inspection_id = ${inspectionId}), 0)`.as('inspection_bytes'),
    ])
    .where('s.status', '=', 'receiving')
    .where('s.expires_at', '>', ctx.clock.now())
    .where((eb) => eb.or([eb('s.created_by', '=', userId), eb('r.inspection_id', '=', inspectionId)]))
    .executeTakeFirstOrThrow();
  return { userCount: Number(row.user_count), userBytes: Number(row.user_bytes), inspectionCount: Number(row.inspection_count), inspectionBytes: Number(row.inspection_bytes) };
}

async function recordRefusal(trx: Trx, ctx: ServiceContext, requestId: string, input: NewUpload, refusal: UploadRefusedError): Promise<void> {
  await recordAudit(trx, ctx, {
    action: 'EVIDENCE_UPLOAD_REFUSED',
    subjectType: 'evidence_request',
    subjectId: requestId,
    after: { filename: input.filename, size: input.size, code: refusal.code, reason: refusal.message },
  });
}

/** Only the person who started an upload can see or continue it. */
async function loadOwnSession(db: ServiceContext['db'], ctx: ServiceContext, uploadId: string, forUpdate: boolean): Promise<UploadSessionRow> {
  const user = requireUser(ctx);
  if (!isUuid(uploadId)) throw new NotFoundError('No upload found');
  let q = db.selectFrom('upload_sessions').selectAll().where('id', '=', uploadId);
  if (forUpdate) q = q.forUpdate();
  const s = await q.executeTakeFirst();
  if (!s || s.created_by !== user.id) throw new NotFoundError('No upload found');
  return s;
}

export async function getUpload(ctx: ServiceContext, uploadId: string): Promise<UploadStatus> {
  const s = await loadOwnSession(ctx.db, ctx, uploadId, false);
  return statusOf(ctx, s);
}

/**
 * Receives one chunk. It must start exactly at the bytes received so far; it is written at
 * its offset and flushed to disk before received_bytes moves, so an interrupted chunk only
 * has to be sent again. The final chunk completes the upload.
 */
export async function receiveChunk(ctx: ServiceContext, uploadId: string, contentRange: string | undefined, body: Uint8Array): Promise<UploadStatus> {
  const store = fileStore(ctx);
  await inTransaction(ctx, async (trx) => {
    const s = await loadOwnSession(trx, ctx, uploadId, true);
    if (s.status === 'complete') throw new ConflictError('This upload is already complete', 'upload_complete');
    if (s.status !== 'receiving') throw new ConflictError(`This upload was ${s.status}${s.failure_reason ? `: ${s.failure_reason}` : ''}. Start a new upload.`, 'upload_closed');
    if (s.expires_at.getTime() < ctx.clock.now().getTime()) throw new ConflictError('This upload expired. Start a new upload.', 'upload_expired');
    // The evidence request must still be one the user may act on. (Only the session row is
    // locked while a chunk is written, so uploads to other requests run side by side.)
    const { access, request } = await loadRequestAccess(trx, ctx, s.evidence_request_id);
    const received = Number(s.received_bytes);
    const check = checkChunk(parseContentRange(contentRange), body.length, { declaredSize: Number(s.declared_size), receivedBytes: received });
    if (!check.ok) throw new UploadRefusedError(check.code === 'range_mismatch' ? 409 : check.code === 'chunk_too_large' ? 413 : 400, check.code, check.message);
    await store.writeAt(s.storage_key, received, body);
    const newReceived = received + body.length;
    await trx
      .updateTable('upload_sessions')
      // Activity keeps an upload alive for a while, but never past its fixed lifetime.
      .set({ received_bytes: newReceived, updated_at: ctx.clock.now(), expires_at: uploadExpiry(s.created_at, ctx.clock.now()) })
      .where('id', '=', s.id)
      .execute();
    if (!check.complete) return;

    // Complete: verify, hash, create the new version.
    await store.truncate(s.storage_key, newReceived);
    const size = await store.size(s.storage_key);
    const ext = extensionOf(s.filename);
    const head = await store.head(s.storage_key);
    if (size !== Number(s.declared_size) || !contentMatchesType(ext, head)) {
      const reason = size !== Number(s.declared_size)
        ? `The file arrived with ${size} bytes, not the ${s.declared_size} declared`
        : `The selected file ${s.filename} is not a real ${ext.toUpperCase()} file: it must be a ${ALLOWED_EXTENSIONS_TEXT} file`;
      // Recorded in its own statement so the refusal survives; the bytes are deleted.
      throw new UploadFailed(s.id, s.storage_key, reason);
    }
    const sha256 = await store.sha256(s.storage_key, size);
    // Versions of one request are numbered one at a time.
    await trx.selectFrom('evidence_requests').select('id').where('id', '=', request.id).forUpdate().execute();
    const max = await trx.selectFrom('evidence_files').select((eb) => eb.fn.max('version').as('v')).where('evidence_request_id', '=', request.id).executeTakeFirst();
    const version = (max?.v ?? 0) + 1;
    const file = await trx
      .insertInto('evidence_files')
      .values({
        evidence_request_id: request.id,
        version,
        original_filename: s.filename,
        content_type: s.content_type,
        size_bytes: size,
        sha256,
        storage_key: s.storage_key,
        uploaded_by: access.user.id,
        uploaded_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('upload_sessions').set({ status: 'complete', evidence_file_id: file.id, updated_at: ctx.clock.now() }).where('id', '=', s.id).execute();
    await markProvided(trx, ctx, request, version, s.filename);
    await recordAudit(trx, ctx, { action: 'EVIDENCE_FILE_UPLOADED', subjectType: 'evidence_request', subjectId: request.id, after: { fileId: file.id, version, filename: s.filename, size, sha256 } });
  }).catch(async (e: unknown) => {
    if (!(e instanceof UploadFailed)) throw e;
    await inTransaction(ctx, async (trx) => {
      const failed = await trx.updateTable('upload_sessions').set({ status: 'failed', failure_reason: e.message, updated_at: ctx.clock.now() }).where('id', '=', e.uploadId).returning(['evidence_request_id', 'filename', 'declared_size']).executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'EVIDENCE_UPLOAD_REFUSED',
        subjectType: 'evidence_request',
        subjectId: failed.evidence_request_id,
        after: { uploadId: e.uploadId, filename: failed.filename, size: Number(failed.declared_size), code: 'file_content_not_allowed', reason: e.message },
      });
    });
    await store.remove(e.storageKey);
    throw new UploadRefusedError(415, 'file_content_not_allowed', e.message);
  });
  return getUpload(ctx, uploadId);
}

class UploadFailed extends Error {
  constructor(
    readonly uploadId: string,
    readonly storageKey: string,
    message: string,
  ) {
    super(message);
  }
}

export async function cancelUpload(ctx: ServiceContext, uploadId: string): Promise<UploadStatus> {
  const s = await inTransaction(ctx, async (trx) => {
    const s = await loadOwnSession(trx, ctx, uploadId, true);
    if (s.status !== 'receiving') throw new ConflictError(`This upload is already ${s.status}`);
    await trx.updateTable('upload_sessions').set({ status: 'cancelled', updated_at: ctx.clock.now() }).where('id', '=', s.id).execute();
    await recordAudit(trx, ctx, {
      action: 'EVIDENCE_UPLOAD_CANCELLED',
      subjectType: 'evidence_request',
      subjectId: s.evidence_request_id,
      after: { uploadId: s.id, filename: s.filename, size: Number(s.declared_size), receivedBytes: Number(s.received_bytes) },
    });
    return s;
  });
  await fileStore(ctx).remove(s.storage_key);
  return getUpload(ctx, uploadId);
}

/** Unfinished uploads of this user for a request, so a page can offer to resume after a refresh. */
export async function listOpenUploads(ctx: ServiceContext, requestId: string): Promise<UploadStatus[]> {
  const user = requireUser(ctx);
  await loadRequestAccess(ctx.db, ctx, requestId);
  const rows = await ctx.db
    .selectFrom('upload_sessions')
    .selectAll()
    .where('evidence_request_id', '=', requestId)
    .where('created_by', '=', user.id)
    .where('status', '=', 'receiving')
    .where('expires_at', '>', ctx.clock.now())
    .orderBy('created_at', 'desc')
    .execute();
  return Promise.all(rows.map((r) => statusOf(ctx, r)));
}

export interface DownloadableFile {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

export async function getEvidenceFileForDownload(ctx: ServiceContext, fileId: string): Promise<DownloadableFile> {
  if (!isUuid(fileId)) throw new NotFoundError('No file found');
  const f = await ctx.db.selectFrom('evidence_files').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!f) throw new NotFoundError('No file found');
  await loadRequestAccess(ctx.db, ctx, f.evidence_request_id);
  await recordDownload(ctx, 'EVIDENCE_FILE_DOWNLOADED', 'evidence_file', f.id, { evidenceRequestId: f.evidence_request_id, filename: f.original_filename, sha256: f.sha256 });
  return { filename: f.original_filename, contentType: f.content_type, sizeBytes: Number(f.size_bytes), sha256: f.sha256, storageKey: f.storage_key };
}


/**
 * Closes unfinished uploads whose time ran out and deletes their partial bytes (run daily by
 * the expire_uploads job). Completed files are never touched.
 */
export async function expireUploads(deps: Pick<ServiceContext, 'db' | 'config' | 'clock'>): Promise<number> {
  const expired = await deps.db
    .updateTable('upload_sessions')
    .set({ status: 'cancelled', failure_reason: 'Expired before it was finished', updated_at: deps.clock.now() })
    .where('status', '=', 'receiving')
    .where('expires_at', '<', deps.clock.now())
    .returning('storage_key')
    .execute();
  const store = fileStore(deps);
  for (const s of expired) await store.remove(s.storage_key);
  return expired.length;
}
