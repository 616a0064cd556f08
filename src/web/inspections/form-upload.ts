/**
 * The no-JavaScript upload: a normal multipart form. A form part carries no size, and an
 * upload must be declared with its size (so too-large files are refused before they are
 * stored), so the file is first spooled to a private incoming folder under UPLOAD_DIR
 * (outside the web root), then sent through the same resumable protocol as the script:
 * startUpload, then receiveChunk over 8 MB pieces. The spooled copy is always deleted.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { checkDeclaredFile, formatBytes, MAX_CHUNK_BYTES, MAX_FILE_BYTES } from '../../domain/files/file-rules.js';
import type { ServiceContext } from '../../services/context.js';
import { ValidationError } from '../../services/errors.js';
import { cancelUpload, receiveChunk, startUpload, type UploadStatus } from '../../services/inspections/uploads.service.js';

export interface FormFile {
  filename: string;
  file: Readable & { truncated?: boolean };
}

export async function uploadFormFile(ctx: ServiceContext, requestId: string, part: FormFile | undefined): Promise<UploadStatus> {
  if (!part || !part.filename) throw new ValidationError([{ field: 'file', message: 'Select a file' }]);
  // The type is known from the name: refuse a disallowed type before reading any bytes.
  const early = checkDeclaredFile(part.filename, 1);
  if (!early.ok && early.code !== 'empty_file') {
    part.file.resume();
    throw new ValidationError([{ field: 'file', message: early.message }]);
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
