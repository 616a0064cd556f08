/**
 * Reads a no-JavaScript multipart form (text fields and files) the way a browser sends it. The
 * CSRF token is the form's first field, checked before this runs (src/web/plugins/multipart-csrf.ts).
 * Oversized files and too many files become the form's `files` field error; nothing is stored
 * here: the service checks the files and stores them.
 */
import type { FastifyRequest } from 'fastify';
import { formatBytes } from '../domain/files/file-rules.js';
import { ValidationError } from '../services/errors.js';
import type { AttachmentInput } from '../services/fieldwork/attachments.service.js';

export interface MultipartForm {
  fields: Record<string, string>;
  files: AttachmentInput[];
}

/** `fields` is filled as the parts arrive, so a caller keeps what was typed even when a file is refused mid-form. */
export async function readMultipartForm(request: FastifyRequest, opts: { maxFileBytes: number; fileField?: string; maxFiles: number }, fields: Record<string, string> = {}): Promise<MultipartForm> {
  const fileField = opts.fileField ?? 'files';
  const files: AttachmentInput[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (!part.filename || part.fieldname !== fileField) {
        part.file.resume();
        continue;
      }
      try {
        files.push({ filename: part.filename, bytes: await part.toBuffer() });
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new ValidationError([{ field: fileField, message: `The selected file ${part.filename} must be smaller than ${formatBytes(opts.maxFileBytes)}` }]);
        throw e;
      }
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_FILES_LIMIT') throw new ValidationError([{ field: fileField, message: `Select up to ${opts.maxFiles} files at a time` }]);
    throw e;
  }
  return { fields, files };
}
