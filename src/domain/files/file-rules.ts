/**
 * What files evidence uploads may be, and the resumable upload protocol's arithmetic.
 * Pure: the service streams bytes; these functions decide.
 */

export const MAX_FILE_BYTES = 250 * 1024 * 1024;
/** The largest chunk one PUT may carry. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

interface FileType {
  extension: string;
  contentType: string;
  label: string;
  /** Checks the first bytes; null means "a text file": no NUL bytes, no executable header. */
  magic: ((head: Uint8Array) => boolean) | null;
}

const startsWith = (sig: number[]) => (head: Uint8Array) => sig.every((b, i) => head[i] === b);
const ZIP = startsWith([0x50, 0x4b, 0x03, 0x04]);

export const ALLOWED_FILE_TYPES: readonly FileType[] = [
  { extension: 'pdf', contentType: 'application/pdf', label: 'PDF', magic: startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]) },
  { extension: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document', magic: ZIP },
  { extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel spreadsheet', magic: ZIP },
  { extension: 'odt', contentType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text', magic: ZIP },
  { extension: 'ods', contentType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'OpenDocument spreadsheet', magic: ZIP },
  { extension: 'csv', contentType: 'text/csv', label: 'CSV', magic: null },
  { extension: 'txt', contentType: 'text/plain', label: 'text', magic: null },
  { extension: 'png', contentType: 'image/png', label: 'PNG image', magic: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { extension: 'jpg', contentType: 'image/jpeg', label: 'JPEG image', magic: startsWith([0xff, 0xd8, 0xff]) },
  { extension: 'jpeg', contentType: 'image/jpeg', label: 'JPEG image', magic: startsWith([0xff, 0xd8, 0xff]) },
];

export const ALLOWED_EXTENSIONS_TEXT = 'PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), CSV, text, PNG or JPEG';

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function extensionOf(filename: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(filename.trim());
  return m?.[1]?.toLowerCase() ?? '';
}

/** A safe display name: no path, no control characters, at most 200 characters. */
export function cleanFilename(filename: string): string {
  const base = filename.replace(/\\/g, '/').split('/').pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned.length > 200 ? cleaned.slice(cleaned.length - 200) : cleaned;
}

export type FileCheck = { ok: true; type: FileType } | { ok: false; code: 'file_too_large' | 'file_type_not_allowed' | 'empty_file' | 'bad_filename'; message: string };

/** Checks a declared upload before any byte is accepted. */
export function checkDeclaredFile(filename: string, size: number, maxBytes: number = MAX_FILE_BYTES): FileCheck {
  const name = cleanFilename(filename);
  if (name === '') return { ok: false, code: 'bad_filename', message: 'The file must have a name' };
  if (!Number.isInteger(size) || size <= 0) return { ok: false, code: 'empty_file', message: `The selected file ${name} is empty` };
  if (size > maxBytes) return { ok: false, code: 'file_too_large', message: `The selected file ${name} is ${formatBytes(size)}: it must be smaller than ${formatBytes(maxBytes)}` };
  const ext = extensionOf(name);
  const type = ALLOWED_FILE_TYPES.find((t) => t.extension === ext);
  if (!type) return { ok: false, code: 'file_type_not_allowed', message: `The selected file ${name} must be a ${ALLOWED_EXTENSIONS_TEXT} file` };
  return { ok: true, type };
}

/** Checks the first bytes (up to 8 KB) of a finished upload match its extension. */
export function contentMatchesType(extension: string, head: Uint8Array): boolean {
  const type = ALLOWED_FILE_TYPES.find((t) => t.extension === extension);
  if (!type) return false;
  if (type.magic) return type.magic(head);
  // Text: no NUL bytes and not an executable or archive in disguise.
  if (head.includes(0)) return false;
  if (startsWith([0x4d, 0x5a])(head) || startsWith([0x7f, 0x45, 0x4c, 0x46])(head) || ZIP(head) || startsWith([0x25, 0x50, 0x44, 0x46])(head)) return false;
  return true;
}

export interface ContentRange {
  start: number;
  /** Inclusive, as in HTTP. */
  end: number;
  total: number;
}

/** Parses `Content-Range: bytes start-end/total`. */
export function parseContentRange(header: string | undefined): ContentRange | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec((header ?? '').trim());
  if (!m) return null;
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || !Number.isSafeInteger(total)) return null;
  if (end < start || end >= total) return null;
  return { start, end, total };
}

export type ChunkCheck = { ok: true; complete: boolean } | { ok: false; code: 'range_mismatch' | 'bad_range' | 'chunk_too_large'; message: string };

/** Decides whether a chunk fits the session: it must start exactly where the received bytes end. */
export function checkChunk(range: ContentRange | null, bodyLength: number, session: { declaredSize: number; receivedBytes: number }, maxChunk: number = MAX_CHUNK_BYTES): ChunkCheck {
  if (!range) return { ok: false, code: 'bad_range', message: 'Send a Content-Range header of the form "bytes start-end/total"' };
  if (range.total !== session.declaredSize) return { ok: false, code: 'bad_range', message: `The total in Content-Range (${range.total}) is not the declared file size (${session.declaredSize})` };
  if (range.end - range.start + 1 !== bodyLength) return { ok: false, code: 'bad_range', message: `The chunk has ${bodyLength} bytes but Content-Range says ${range.end - range.start + 1}` };
  if (bodyLength > maxChunk) return { ok: false, code: 'chunk_too_large', message: `A chunk can be at most ${formatBytes(maxChunk)}` };
  if (range.start !== session.receivedBytes) {
    return { ok: false, code: 'range_mismatch', message: `Expected a chunk starting at byte ${session.receivedBytes}: ask for the upload's offset and resume from there` };
  }
  return { ok: true, complete: range.end + 1 === session.declaredSize };
}

/** `attachment; filename="ascii"; filename*=UTF-8''encoded` (RFC 6266 / 5987). */
export function attachmentDisposition(filename: string): string {
  const name = cleanFilename(filename) || 'download';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
