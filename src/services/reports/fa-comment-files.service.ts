/**
 * Files attached to factual accuracy comments: evidence behind a category B comment (or any
 * other). The same type rules, content sniffing and file store as evidence attachments; bytes are
 * written before the transaction that records them and removed if it fails, so nothing is
 * half-stored. The organisation sees its own comments' files; the inspection team and the
 * independent reviewer see them once the comment is submitted; anyone else gets "not found".
 * Files are always downloaded as attachments, never shown in the page.
 */
import type { Trx } from '../../data/database.js';
import { checkComment, fileCountProblem, MAX_FILES_PER_SAVE } from '../../domain/reports/factual-accuracy.js';
import { recordAudit, recordDownload } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { withStoredAttachments, type AttachmentInput, type StoredAttachment } from '../fieldwork/attachments.service.js';
import { fileStore } from '../inspections/uploads.service.js';
import { myRecipient, requireCommentingOpen } from './fa-recipient.js';
import { loadReport } from './report-common.js';

export interface FaCommentFileView {
  id: string;
  commentId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: Date;
}

const FILE_NOT_FOUND = 'No file found';

export function checkFilesPerSave(files: readonly AttachmentInput[] | undefined): void {
  if ((files?.length ?? 0) > MAX_FILES_PER_SAVE) throw new ValidationError([{ field: 'files', message: `Attach up to ${MAX_FILES_PER_SAVE} files at a time` }]);
}

/** The page's per-save limit, then the shared store-then-record rule for attachments. */
export async function withStoredFiles<T>(ctx: ServiceContext, inspectionId: string, files: readonly AttachmentInput[] | undefined, record: (stored: readonly StoredAttachment[]) => Promise<T>): Promise<T> {
  checkFilesPerSave(files);
  // A refused file is audited against the inspection's report, once the person is known to see it.
  return withStoredAttachments(ctx, files ?? [], record, { subjectType: 'inspection', subjectId: inspectionId, authorise: () => loadReport(ctx.db, ctx, inspectionId) });
}

export async function countCommentFiles(trx: Trx, commentId: string): Promise<number> {
  const r = await trx.selectFrom('fa_comment_files').select((eb) => eb.fn.countAll<string>().as('n')).where('comment_id', '=', commentId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Records stored files against a comment, one audit row each, inside the caller's transaction. */
export async function insertCommentFiles(trx: Trx, ctx: ServiceContext, commentId: string, userId: string, stored: readonly StoredAttachment[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of stored) {
    const row = await trx
      .insertInto('fa_comment_files')
      .values({ comment_id: commentId, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes, sha256: f.sha256, storage_key: f.storageKey, uploaded_by: userId, uploaded_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    await recordAudit(trx, ctx, { action: 'FA_COMMENT_FILE_ADDED', subjectType: 'fa_comment', subjectId: commentId, after: { fileId: row.id, filename: f.filename, size: f.sizeBytes, sha256: f.sha256 } });
  }
  return ids;
}

/** Adds files to one of the organisation's draft comments (the API's raw-body upload). */
export async function addCommentFiles(ctx: ServiceContext, inspectionId: string, commentId: string, files: readonly AttachmentInput[]): Promise<FaCommentFileView[]> {
  const ids = await withStoredFiles(ctx, inspectionId, files, (stored) =>
    inTransaction(ctx, async (trx) => {
      const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
      const recipient = await myRecipient(trx, access, report);
      const comment = await trx.selectFrom('fa_comments').selectAll().where('id', '=', commentId).where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).executeTakeFirst();
      if (!comment) throw new NotFoundError('No such comment');
      if (comment.status !== 'draft') throw new ConflictError('This comment has been submitted: files cannot be added to it', 'already_submitted');
      requireCommentingOpen(ctx, report, recipient);
      const tooMany = fileCountProblem((await countCommentFiles(trx, comment.id)) + stored.length);
      if (tooMany) throw new ValidationError([tooMany]);
      await trx.updateTable('fa_comments').set({ updated_at: ctx.clock.now() }).where('id', '=', comment.id).execute();
      return insertCommentFiles(trx, ctx, comment.id, access.user.id, stored);
    }),
  );
  const all = await listCommentFiles(ctx, [commentId]);
  return all.filter((f) => ids.includes(f.id));
}

/** Removes a file from one of the organisation's draft comments; a category B comment keeps some evidence. */
export async function removeCommentFile(ctx: ServiceContext, inspectionId: string, commentId: string, fileId: string): Promise<void> {
  const key = await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    const recipient = await myRecipient(trx, access, report);
    const comment = await trx.selectFrom('fa_comments').selectAll().where('id', '=', commentId).where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).forUpdate().executeTakeFirst();
    if (!comment) throw new NotFoundError('No such comment');
    const file = await trx.selectFrom('fa_comment_files').selectAll().where('id', '=', fileId).where('comment_id', '=', comment.id).executeTakeFirst();
    if (!file) throw new NotFoundError(FILE_NOT_FOUND);
    if (comment.status !== 'draft') throw new ConflictError('This comment has been submitted: its files cannot be removed', 'already_submitted');
    requireCommentingOpen(ctx, report, recipient);
    const remaining = (await countCommentFiles(trx, comment.id)) - 1;
    const still = checkComment({ sectionKey: comment.section_key, passage: comment.passage, category: comment.category, comment: comment.comment, evidence: comment.evidence, fileCount: remaining }, [comment.section_key]);
    if (!still.ok) throw new ValidationError([{ field: 'files', message: `${file.filename} is the only evidence for this factual inaccuracy (category B): describe the evidence or attach another file before removing it` }]);
    await trx.deleteFrom('fa_comment_files').where('id', '=', file.id).execute();
    await trx.updateTable('fa_comments').set({ updated_at: ctx.clock.now() }).where('id', '=', comment.id).execute();
    await recordAudit(trx, ctx, { action: 'FA_COMMENT_FILE_REMOVED', subjectType: 'fa_comment', subjectId: comment.id, before: { fileId: file.id, filename: file.filename, size: Number(file.size_bytes), sha256: file.sha256 } });
    return file.storage_key;
  });
  await fileStore(ctx).remove(key).catch(() => undefined);
}

/** A file to download, if this user may see the comment it belongs to. */
export async function getCommentFile(ctx: ServiceContext, inspectionId: string, fileId: string): Promise<{ filename: string; contentType: string; sizeBytes: number; storageKey: string }> {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  const row = await ctx.db
    .selectFrom('fa_comment_files as f')
    .innerJoin('fa_comments as c', 'c.id', 'f.comment_id')
    .selectAll('f')
    .select(['c.organisation_id', 'c.status'])
    .where('f.id', '=', fileId)
    .where('c.report_id', '=', report.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(FILE_NOT_FOUND);
  const maySee = access.side === 'organisation' ? access.organisationIds.includes(row.organisation_id) : row.status === 'submitted';
  if (!maySee) throw new NotFoundError(FILE_NOT_FOUND);
  await recordDownload(ctx, 'FA_COMMENT_FILE_DOWNLOADED', 'fa_comment', row.comment_id, { fileId: row.id, filename: row.filename });
  return { filename: row.filename, contentType: row.content_type, sizeBytes: Number(row.size_bytes), storageKey: row.storage_key };
}

/** The files on these comments, oldest first. */
export async function listCommentFiles(ctx: Pick<ServiceContext, 'db'>, commentIds: readonly string[]): Promise<FaCommentFileView[]> {
  if (!commentIds.length) return [];
  const rows = await ctx.db.selectFrom('fa_comment_files').selectAll().where('comment_id', 'in', commentIds).orderBy('uploaded_at').orderBy('filename').execute();
  return rows.map((r) => ({ id: r.id, commentId: r.comment_id, filename: r.filename, contentType: r.content_type, sizeBytes: Number(r.size_bytes), uploadedAt: r.uploaded_at }));
}
