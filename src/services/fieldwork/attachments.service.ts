/**
 * Attachments (photos, files) on evidence items and on representations, in the part-1 file
 * store under UPLOAD_DIR: the same type rules and content sniffing as evidence files, one
 * request per file up to 8 MB (larger files go through the resumable evidence-request uploads).
 */
import { createHash } from 'node:crypto';
import { checkDeclaredFile, cleanFilename, contentMatchesType, extensionOf, MAX_CHUNK_BYTES } from '../../domain/files/file-rules.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { requireInspectorEditor } from '../inspections/inspection-access.js';
import { fileStore, UploadRefusedError } from '../inspections/uploads.service.js';
import { loadChild, requireFieldworkState } from './fieldwork-access.js';
import { getEvidenceItem, type EvidenceItemView } from './evidence-items.service.js';

export const MAX_ATTACHMENT_BYTES = MAX_CHUNK_BYTES;

export async function addEvidenceAttachment(ctx: ServiceContext, itemId: string, input: { filename: string; bytes: Uint8Array }): Promise<EvidenceItemView> {
  const check = checkDeclaredFile(input.filename, input.bytes.length, MAX_ATTACHMENT_BYTES);
  if (!check.ok) throw new UploadRefusedError(check.code === 'file_too_large' ? 413 : check.code === 'file_type_not_allowed' ? 415 : 400, check.code, check.message);
  const name = cleanFilename(input.filename);
  if (!contentMatchesType(extensionOf(name), input.bytes.subarray(0, 8192))) throw new UploadRefusedError(415, 'file_content_not_allowed', `The selected file ${name} is not a real ${check.type.label} file`);
  const store = fileStore(ctx);
  const key = store.newKey();
  await store.writeAt(key, 0, input.bytes);
  try {
    await inTransaction(ctx, async (trx) => {
      const { access, row } = await loadChild(trx, ctx, itemId, 'evidence item', (db, id) => db.selectFrom('evidence_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst());
      if (access.side !== 'regulator') throw new NotFoundError('No evidence item found');
      requireInspectorEditor(access, 'attach files to evidence');
      requireFieldworkState(access, 'attach files to evidence');
      const sha256 = createHash('sha256').update(input.bytes).digest('hex');
      const att = await trx
        .insertInto('evidence_item_attachments')
        .values({ evidence_item_id: row.id, filename: name, content_type: check.type.contentType, size_bytes: input.bytes.length, sha256, storage_key: key, uploaded_by: access.user.id, uploaded_at: ctx.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { action: 'EVIDENCE_ATTACHMENT_ADDED', subjectType: 'evidence_item', subjectId: row.id, after: { attachmentId: att.id, filename: name, size: input.bytes.length, sha256 } });
    });
  } catch (e) {
    await store.remove(key).catch(() => undefined);
    throw e;
  }
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
  return { filename: a.filename, contentType: a.content_type, sizeBytes: Number(a.size_bytes), sha256: a.sha256, storageKey: a.storage_key };
}
