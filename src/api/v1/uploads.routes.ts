/**
 * Resumable uploads (docs/inspections.md, "Upload protocol"):
 *   POST /evidence-requests/{id}/uploads  {filename, size}  -> 201 {id, receivedBytes: 0, uploadUrl}
 *   PUT  /uploads/{id}  Content-Range: bytes start-end/total, raw body (application/octet-stream, <= 8 MB)
 *   GET|HEAD /uploads/{id}  -> Upload-Offset header and JSON status: resume from receivedBytes
 *   DELETE /uploads/{id}  -> cancel
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { formatBytes, MAX_CHUNK_BYTES } from '../../domain/files/file-rules.js';
import { cancelUpload, getUpload, listOpenUploads, receiveChunk, startUpload, UploadRefusedError, type NewUpload, type UploadStatus } from '../../services/inspections/uploads.service.js';
import { apiSchema, idParams, startUploadBody } from './schemas.js';

const tags = ['uploads'];

function withOffset(reply: FastifyReply, s: UploadStatus): UploadStatus {
  reply.header('Upload-Offset', String(s.receivedBytes)).header('Upload-Length', String(s.size));
  return s;
}

export async function uploadsRoutes(app: FastifyInstance): Promise<void> {
  // Chunks arrive as raw bytes, at most MAX_CHUNK_BYTES each (only on these routes).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BYTES }, (_request, body, done) => done(null, body));
  // Say what the limit is; every other error goes on to the app's handler.
  app.setErrorHandler(async (error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new UploadRefusedError(413, 'chunk_too_large', `A chunk can be at most ${formatBytes(MAX_CHUNK_BYTES)}: send the file in smaller pieces`);
    throw error;
  });

  app.post<{ Params: { id: string }; Body: NewUpload }>(
    '/evidence-requests/:id/uploads',
    {
      schema: apiSchema({
        summary: 'Start a resumable upload of a file for this request',
        description: 'Refused before any byte is sent when the file is too large (413) or of a type that is not allowed (415).',
        tags,
        params: idParams,
        body: startUploadBody,
        successStatus: 201,
      }),
    },
    async (request, reply) => {
      const s = await startUpload(request.serviceContext(), request.params.id, request.body);
      return withOffset(reply.code(201).header('Location', s.uploadUrl), s);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/evidence-requests/:id/uploads',
    { schema: apiSchema({ summary: 'Your unfinished uploads for this request (to resume after a refresh)', tags, params: idParams }) },
    async (request) => ({ uploads: await listOpenUploads(request.serviceContext(), request.params.id) }),
  );

  app.get<{ Params: { id: string } }>(
    '/uploads/:id',
    { schema: apiSchema({ summary: 'How much of the upload has arrived (also as HEAD, with the Upload-Offset header)', tags, params: idParams }) },
    async (request, reply) => withOffset(reply, await getUpload(request.serviceContext(), request.params.id)),
  );

  app.put<{ Params: { id: string }; Body: Buffer }>(
    '/uploads/:id',
    {
      bodyLimit: MAX_CHUNK_BYTES,
      schema: apiSchema({
        summary: 'Send the next chunk: Content-Range: bytes start-end/total, raw body',
        description: 'A chunk must start at the bytes received so far (409 otherwise, with the offset to resume from). The last chunk completes the upload and creates the new file version.',
        tags,
        params: idParams,
        consumes: ['application/octet-stream'],
      }),
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const s = await receiveChunk(request.serviceContext(), request.params.id, request.headers['content-range'], body);
      return withOffset(reply, s);
    },
  );

  app.delete<{ Params: { id: string } }>('/uploads/:id', { schema: apiSchema({ summary: 'Cancel an unfinished upload', tags, params: idParams }) }, async (request) =>
    cancelUpload(request.serviceContext(), request.params.id),
  );
}
