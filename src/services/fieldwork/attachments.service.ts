/**
 * Attachments (photos, files) on evidence items and on representations, in the part-1 file
 * store under UPLOAD_DIR: the same type rules and content sniffing as evidence files, one
 * request per file up to 8 MB (larger files go through the resumable evidence-request uploads).
 */
import { createHash } from 'node:crypto';
import type { Trx } from '../../data/database.js';
import { checkDeclaredFile, cleanFilename, contentMatchesType, extensionOf, MAX_CHUNK_BYTES } from '../../domain/files/file-rules.js';
import { recordAudit, recordDownload } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { requireInspectorEditor } from '../inspections/inspection-access.js';
import { fileStore, UploadRefusedError } from '../inspections/uploads.service.js';
import { loadChild, requireFieldworkState } from './fieldwork-access.js';
import { getEvidenceItem, type EvidenceItemView } from './evidence-items.service.js';
import { getEnforcementAction } from './fieldwork-read.service.js';

export const MAX_ATTACHMENT_BYTES = MAX_CHUNK_BYTES;

export interface AttachmentInput {
  filename: string;
  bytes: Uint8Array;
}

/** A checked file written to the store, not yet recorded: the caller records it in its transaction or removes it. */
export interface StoredAttachment {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

/** The attachment rules (size, type, content sniffing), before any byte is stored. */
export function checkAttachment(input: AttachmentInput): { filename: string; contentType: string } {
  const check = checkDeclaredFile(input.filename, input.bytes.length, MAX_ATTACHMENT_BYTES);
  if (!check.ok) throw new UploadRefusedError(check.code === 'file_too_large' ? 413 : check.code === 'file_type_not_allowed' ? 415 : 400, check.code, check.message);
  const name = cleanFilename(input.filename);
  if (!contentMatchesType(extensionOf(name), input.bytes.subarray(0, 8192))) throw new UploadRefusedError(415, 'file_content_not_allowed', `The selected file ${name} is not a real ${check.type.label} file`);
  return { filename: name, contentType: check.type.contentType };
}

/** Checks every file first, then writes them; on any failure nothing is left in the store. */
export async function storeAttachments(ctx: ServiceContext, inputs: readonly AttachmentInput[]): Promise<StoredAttachment[]> {
  const checked = inputs.map((i) => ({ ...checkAttachment(i), bytes: i.bytes }));
  const store = fileStore(ctx);
  const stored: StoredAttachment[] = [];
  try {
    for (const c of checked) {
      const key = store.newKey();
      stored.push({ filename: c.filename, contentType: c.contentType, sizeBytes: c.bytes.length, sha256: createHash('sha256').update(c.bytes).digest('hex'), storageKey: key });
      await store.writeAt(key, 0, c.bytes);
    }
  } catch (e) {
    await removeStoredAttachments(ctx, stored);
    throw e;
  }
  return stored;
}

export async function removeStoredAttachments(ctx: ServiceContext, stored: readonly StoredAttachment[]): Promise<void> {
  const store = fileStore(ctx);
  for (const s of stored) await store.remove(s.storageKey).catch(() => undefined);
}

/**
 * Where a refused file is recorded (issue 14: refused uploads are audited). `authorise` runs first,
 * read-only: someone who may not see the record gets its "not found", never the file rules' answer,
 * and writes no audit row.
 */
export interface RefusedFilesAudit {
  subjectType: string;
  subjectId: string;
  authorise: () => Promise<unknown>;
}

/** Records FILE_UPLOAD_REFUSED (which files, why) in a transaction of its own, then the refusal stands. */
async function auditRefusedFiles(ctx: ServiceContext, files: readonly AttachmentInput[], refusal: UploadRefusedError, where: RefusedFilesAudit): Promise<void> {
  await where.authorise();
  await inTransaction(ctx, (trx) =>
    recordAudit(trx, ctx, {
      action: 'FILE_UPLOAD_REFUSED',
      subjectType: where.subjectType,
      subjectId: where.subjectId,
      after: { files: files.map((f) => ({ filename: cleanFilename(f.filename), size: f.bytes.length })), code: refusal.code, reason: refusal.message },
    }),
  );
}

/**
 * Checks and writes the files, then runs `record` (which records them in its own transaction);
 * if anything fails the bytes are removed, so nothing is half-stored. A file the rules refuse
 * (size, type, content) is audited against `refused` when given.
 */
export async function withStoredAttachments<T>(ctx: ServiceContext, files: readonly AttachmentInput[], record: (stored: readonly StoredAttachment[]) => Promise<T>, refused?: RefusedFilesAudit): Promise<T> {
  let stored: StoredAttachment[];
  try {
    stored = await storeAttachments(ctx, files);
  } catch (e) {
    if (e instanceof UploadRefusedError && refused) await auditRefusedFiles(ctx, files, e, refused);
    throw e;
  }
  try {
    return await record(stored);
  } catch (e) {
    await removeStoredAttachments(ctx, stored);
    throw e;
  }
}

/** Records stored files against a representation, one audit row each, inside the caller's transaction. */
export async function insertRepresentationFiles(trx: Trx, ctx: ServiceContext, representationId: string, stored: readonly StoredAttachment[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of stored) {
    const file = await trx
      .insertInto('enforcement_representation_files')
      .values({ representation_id: representationId, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes, sha256: f.sha256, storage_key: f.storageKey, uploaded_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(file.id);
    await recordAudit(trx, ctx, { action: 'REPRESENTATION_FILE_ADDED', subjectType: 'enforcement_representation', subjectId: representationId, after: { fileId: file.id, filename: f.filename, size: f.sizeBytes, sha256: f.sha256 } });
  }
  return ids;
}

export async function addEvidenceAttachment(ctx: ServiceContext, itemId: string, input: AttachmentInput): Promise<EvidenceItemView> {
  const refused: RefusedFilesAudit = { subjectType: 'evidence_item', subjectId: itemId, authorise: () => getEvidenceItem(ctx, itemId) };
  await withStoredAttachments(ctx, [input], ([f]) =>
    inTransaction(ctx, async (trx) => {
      const { access, row } = await loadChild(trx, ctx, itemId, 'evidence item', (db, id) => db.selectFrom('evidence_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst());
      if (access.side !== 'regulator') throw new NotFoundError('No evidence item found');
      requireInspectorEditor(access, 'attach files to evidence');
      requireFieldworkState(access, 'attach files to evidence');
      const att = await trx
        .insertInto('evidence_item_attachments')
        .values({ evidence_item_id: row.id, filename: f!.filename, content_type: f!.contentType, size_bytes: f!.sizeBytes, sha256: f!.sha256, storage_key: f!.storageKey, uploaded_by: access.user.id, uploaded_at: ctx.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { action: 'EVIDENCE_ATTACHMENT_ADDED', subjectType: 'evidence_item', subjectId: row.id, after: { attachmentId: att.id, filename: f!.filename, size: f!.sizeBytes, sha256: f!.sha256 } });
    }),
    refused,
  );
  return getEvidenceItem(ctx, itemId);
}

export async function getEvidenceAttachment(ctx: ServiceContext, attachmentId: string): Promise<{ filename: string; contentType: string; sizeBytes: number; sha256: string; storageKey: string }> {
  const att = await loadChild(
    ctx.db,
    ctx,
    attachmentId,
    'attachment',
    async (db, id) => {
      const a = await db.selectFrom('evidence_item_attachments as a').innerJoin('evidence_items as e', 'e.id', 'a.evidence_item_id').selectAll('a').select('e.inspection_id').where('a.id', '=', id).executeTakeFirst();
      return a;
    },
  );
  if (att.access.side !== 'regulator') throw new NotFoundError('No attachment found');
  const a = att.row;
  await recordDownload(ctx, 'EVIDENCE_ATTACHMENT_DOWNLOADED', 'evidence_item', a.evidence_item_id, { attachmentId: a.id, filename: a.filename, sha256: a.sha256 });
  return { filename: a.filename, contentType: a.content_type, sizeBytes: Number(a.size_bytes), sha256: a.sha256, storageKey: a.storage_key };
}

/** Evidence for representations: a file attached to a representation by the organisation that sent it. */
export async function addRepresentationFile(ctx: ServiceContext, representationId: string, input: AttachmentInput): Promise<{ id: string; filename: string; contentType: string; sizeBytes: number }> {
  const refused: RefusedFilesAudit = { subjectType: 'enforcement_representation', subjectId: representationId, authorise: () => ownRepresentation(ctx, representationId) };
  return withStoredAttachments(ctx, [input], (stored) =>
    inTransaction(ctx, async (trx) => {
      const { access, row } = await loadChild(trx, ctx, representationId, 'representation', (db, id) =>
        db.selectFrom('enforcement_representations as r').innerJoin('enforcement_actions as a', 'a.id', 'r.action_id').selectAll('r').select(['a.inspection_id', 'a.state as action_state']).where('r.id', '=', id).executeTakeFirst(),
      );
      if (access.side !== 'organisation' || !access.organisationIds.includes(row.organisation_id)) throw new NotFoundError('No representation found');
      // Issue 16: once the action is withdrawn or closed, nothing more can be attached to it.
      if (['withdrawn', 'closed', 'exited'].includes(row.action_state)) throw new ConflictError(`Nothing can be attached: the action is ${row.action_state}`, 'action_finished');
      if (row.late && row.late_decision === 'declined') throw new ConflictError('Nothing can be attached: these late representations were declined', 'representation_declined');
      const [id] = await insertRepresentationFiles(trx, ctx, row.id, stored);
      const f = stored[0]!;
      return { id: id!, filename: f.filename, contentType: f.contentType, sizeBytes: f.sizeBytes };
    }),
    refused,
  );
}

/** Read-only: the representation exists and the person's organisation sent it (else "not found"). */
async function ownRepresentation(ctx: ServiceContext, representationId: string): Promise<void> {
  const { access, row } = await loadChild(ctx.db, ctx, representationId, 'representation', (db, id) =>
    db.selectFrom('enforcement_representations as r').innerJoin('enforcement_actions as a', 'a.id', 'r.action_id').selectAll('r').select(['a.inspection_id']).where('r.id', '=', id).executeTakeFirst(),
  );
  if (access.side !== 'organisation' || !access.organisationIds.includes(row.organisation_id)) throw new NotFoundError('No representation found');
}

/** Both sides may download the organisation's evidence once they can see the action. */
export async function getRepresentationFile(ctx: ServiceContext, fileId: string): Promise<{ filename: string; contentType: string; sizeBytes: number; storageKey: string }> {
  const { row } = await loadChild(
    ctx.db,
    ctx,
    fileId,
    'file',
    (db, id) =>
      db
        .selectFrom('enforcement_representation_files as f')
        .innerJoin('enforcement_representations as r', 'r.id', 'f.representation_id')
        .innerJoin('enforcement_actions as a', 'a.id', 'r.action_id')
        .selectAll('f')
        .select(['a.inspection_id', 'r.organisation_id', 'a.id as action_id'])
        .where('f.id', '=', id)
        .executeTakeFirst(),
    { enforcement: true },
  );
  await getEnforcementAction(ctx, row.action_id).catch((e: unknown) => {
    throw e instanceof NotFoundError ? new NotFoundError('No file found') : e;
  });
  await recordDownload(ctx, 'REPRESENTATION_FILE_DOWNLOADED', 'enforcement_representation', row.representation_id, { fileId: row.id, filename: row.filename });
  return { filename: row.filename, contentType: row.content_type, sizeBytes: Number(row.size_bytes), storageKey: row.storage_key };
}
