/**
 * The no-JavaScript upload: a normal multipart form. A form part carries no size, and an
 * upload must be declared with its size (so too-large files are refused before they are
 * stored), so the file is first spooled to a private incoming folder under UPLOAD_DIR
 * (outside the web root), then sent through the same resumable protocol as the script:
 * startUpload, then receiveChunk over 8 MB pieces. The spooled copy is always deleted.
 *
 * Before a byte of the file is stored, the request's Content-Length (the file plus a little
 * form framing) stands in for the declared size: a file too large, or past the upload quota,
 * is refused (and the refusal audited) before the spool is opened.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { formatBytes, MAX_CHUNK_BYTES, MAX_FILE_BYTES } from '../../domain/files/file-rules.js';
import type { ServiceContext } from '../../services/context.js';
import { ValidationError } from '../../services/errors.js';
import { cancelUpload, checkUploadAllowed, UploadRefusedError, receiveChunk, startUpload, type UploadStatus } from '../../services/inspections/uploads.service.js';

/** What a multipart form adds around one file (boundaries, part headers, the other fields), at most. */
export const FORM_FRAMING_ALLOWANCE_BYTES = 64 * 1024;

export interface FormFile {
  filename: string;
  file: Readable & { truncated?: boolean };
}

/** `contentLength`: the request's Content-Length header. */
export async function uploadFormFile(ctx: ServiceContext, requestId: string, part: FormFile | undefined, contentLength: number | undefined): Promise<UploadStatus> {
  if (!part || !part.filename) throw new ValidationError([{ field: 'file', message: 'Select a file' }]);
  if (contentLength === undefined || !Number.isSafeInteger(contentLength)) {
    part.file.resume();
    throw new ValidationError([{ field: 'file', message: 'Your browser did not say how large the file is. Try again, or use a different browser.' }]);
  }
  // The type is known from the name and the size from the request: refuse a disallowed type, a
  // file too large or one past the upload quota before storing any byte (discarded, not kept).
  try {
    await checkUploadAllowed(ctx, requestId, { filename: part.filename, size: Math.max(1, contentLength - FORM_FRAMING_ALLOWANCE_BYTES) });
  } catch (e) {
    part.file.resume();
    // A wrong type is a mistake in the form (400), as before; size and quota keep their status.
    if (e instanceof UploadRefusedError && e.code === 'file_type_not_allowed') throw new ValidationError([{ field: 'file', message: e.message }]);
    throw e;
  }
  const dir = path.join(ctx.config.uploadDir, 'incoming');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const spool = path.join(dir, randomUUID());
  try {
    const tooLarge = new ValidationError([{ field: 'file', message: `The selected file ${part.filename} must be smaller than ${formatBytes(MAX_FILE_BYTES)}` }]);
    try {
      await pipeline(part.file, createWriteStream(spool, { mode: 0o600 }));
    } catch (e) {
      // @fastify/multipart stops the stream at the size limit.
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge;
      throw e;
    }
    if (part.file.truncated) throw tooLarge;
    const size = (await stat(spool)).size;
    if (size === 0) throw new ValidationError([{ field: 'file', message: 'The selected file is empty' }]);
    let status = await startUpload(ctx, requestId, { filename: part.filename, size });
    const handle = await open(spool, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(MAX_CHUNK_BYTES, size));
      while (status.status === 'receiving' && status.receivedBytes < size) {
        const start = status.receivedBytes;
        const { bytesRead } = await handle.read(buffer, 0, Math.min(MAX_CHUNK_BYTES, size - start), start);
        try {
          status = await receiveChunk(ctx, status.id, `bytes ${start}-${start + bytesRead - 1}/${size}`, buffer.subarray(0, bytesRead));
        } catch (e) {
          await cancelUpload(ctx, status.id).catch(() => undefined);
          throw e;
        }
      }
    } finally {
      await handle.close();
    }
    return status;
  } finally {
    await rm(spool, { force: true });
  }
}
