import { describe, expect, it } from 'vitest';
import { attachmentDisposition, checkChunk, checkDeclaredFile, cleanFilename, contentMatchesType, parseContentRange } from './file-rules.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('file rules', () => {
  it('refuses too-large, empty and disallowed files with a clear message', () => {
    expect(checkDeclaredFile('policy.pdf', 300 * 1024 * 1024)).toMatchObject({ ok: false, code: 'file_too_large', message: 'The selected file policy.pdf is 300 MB: it must be smaller than 250 MB' });
    expect(checkDeclaredFile('run.exe', 10)).toMatchObject({ ok: false, code: 'file_type_not_allowed' });
    expect(checkDeclaredFile('x.pdf', 0)).toMatchObject({ ok: false, code: 'empty_file' });
    expect(checkDeclaredFile('Safeguarding policy.PDF', 10)).toMatchObject({ ok: true });
  });

  it('sniffs the first bytes', () => {
    expect(contentMatchesType('pdf', bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31))).toBe(true);
    expect(contentMatchesType('pdf', bytes(0x4d, 0x5a, 0, 0))).toBe(false);
    expect(contentMatchesType('docx', bytes(0x50, 0x4b, 0x03, 0x04))).toBe(true);
    expect(contentMatchesType('csv', new TextEncoder().encode('a,b\n1,2\n'))).toBe(true);
    expect(contentMatchesType('txt', bytes(0x7f, 0x45, 0x4c, 0x46))).toBe(false);
    expect(contentMatchesType('txt', bytes(0x41, 0, 0x41))).toBe(false);
  });

  it('parses Content-Range and checks chunks against the session', () => {
    expect(parseContentRange('bytes 0-9/100')).toEqual({ start: 0, end: 9, total: 100 });
    expect(parseContentRange('bytes 10-9/100')).toBeNull();
    expect(parseContentRange('bytes 0-100/100')).toBeNull();
    const session = { declaredSize: 100, receivedBytes: 10 };
    expect(checkChunk({ start: 10, end: 19, total: 100 }, 10, session)).toEqual({ ok: true, complete: false });
    expect(checkChunk({ start: 90, end: 99, total: 100 }, 10, { declaredSize: 100, receivedBytes: 90 })).toEqual({ ok: true, complete: true });
    expect(checkChunk({ start: 0, end: 9, total: 100 }, 10, session)).toMatchObject({ ok: false, code: 'range_mismatch' });
    expect(checkChunk({ start: 10, end: 19, total: 100 }, 5, session)).toMatchObject({ ok: false, code: 'bad_range' });
  });

  it('builds a safe attachment header', () => {
    expect(attachmentDisposition('Rapport d’été "final".pdf')).toBe(`attachment; filename="Rapport d__t_ _final_.pdf"; filename*=UTF-8''Rapport%20d%E2%80%99%C3%A9t%C3%A9%20%22final%22.pdf`);
    expect(cleanFilename('C:\\Users\\x\\secret.pdf')).toBe('secret.pdf');
  });
});
