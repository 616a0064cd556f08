/**
 * The CSRF token of a multipart form travels in the body, as the form's first field (`_csrf`),
 * never in the URL (issue 14: a token in a URL ends up in the address bar, history and logs).
 * The body is not parsed before the CSRF check, so this reads just the start of it, takes the
 * first part's value when that part is `_csrf`, and puts every byte read back on the stream for
 * the form reader. At most a few kilobytes are read; nothing is stored.
 */
import type { Readable } from 'node:stream';

const PEEK_LIMIT = 8 * 1024;

type FirstField = { token: string } | 'more' | 'none';

/** The `_csrf` value when it is the first part of this multipart body (pure, for unit tests). */
export function firstPartCsrf(start: string, boundary: string, fieldName: string): FirstField {
  const open = `--${boundary}\r\n`;
  if (start.length < open.length) return open.startsWith(start) ? 'more' : 'none';
  if (!start.startsWith(open)) return 'none';
  const headerEnd = start.indexOf('\r\n\r\n', open.length);
  if (headerEnd < 0) return start.length > 2048 ? 'none' : 'more';
  const headers = start.slice(open.length, headerEnd).split('\r\n');
  const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
  if (!new RegExp(`^content-disposition:\\s*form-data;\\s*name="${fieldName}"\\s*$`, 'i').test(disposition)) return 'none';
  const valueStart = headerEnd + 4;
  const end = start.indexOf(`\r\n--${boundary}`, valueStart);
  if (end < 0) return start.length - valueStart > 512 ? 'none' : 'more';
  return { token: start.slice(valueStart, end) };
}

export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2] ?? null;
}

async function readChunk(stream: Readable): Promise<Buffer | null> {
  for (;;) {
    const chunk = stream.read() as Buffer | string | null;
    if (chunk !== null) return typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    if (stream.readableEnded || stream.destroyed) return null;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', fail);
        resolve();
      };
      const fail = (e: Error) => {
        done();
        reject(e);
      };
      stream.on('readable', done);
      stream.on('end', done);
      stream.on('error', fail);
    });
  }
}

/** Reads the start of the body for the first field's token, then puts the bytes back. */
export async function peekMultipartCsrf(stream: Readable, boundary: string, fieldName: string): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    while (total < PEEK_LIMIT) {
      const chunk = await readChunk(stream);
      if (!chunk) break;
      chunks.push(chunk);
      total += chunk.length;
      const found = firstPartCsrf(Buffer.concat(chunks).toString('latin1'), boundary, fieldName);
      if (found === 'none') return undefined;
      if (found !== 'more') return found.token;
    }
    return undefined;
  } finally {
    if (chunks.length) stream.unshift(Buffer.concat(chunks));
  }
}
