/**
 * Sends a stored upload as a download, never as a page: its own content type with `nosniff`, a
 * sandboxing CSP, `Content-Disposition: attachment` and no caching. Used by the page and API
 * routes that serve evidence files.
 */
import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from '../domain/files/file-rules.js';
import type { ServiceContext } from '../services/context.js';
import { fileStore } from '../services/inspections/uploads.service.js';

export function sendAttachment(reply: FastifyReply, ctx: Pick<ServiceContext, 'config'>, f: { filename: string; contentType: string; sizeBytes: number; storageKey: string }, extraHeaders: Record<string, string> = {}): FastifyReply {
  return reply
    .headers(extraHeaders)
    .header('Content-Type', f.contentType)
    .header('Content-Length', String(f.sizeBytes))
    .header('Content-Disposition', attachmentDisposition(f.filename))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-store')
    .send(fileStore(ctx).read(f.storageKey));
}
