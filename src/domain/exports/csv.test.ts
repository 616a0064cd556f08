import { describe, expect, it } from 'vitest';
import { csvCell, downloadFileName, toCsv } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['plain text', 'Policy', 'Policy'],
    ['empty for null', null, ''],
    ['empty for undefined', undefined, ''],
    ['a number as a number', 42, '42'],
    ['a negative number stays a number', -3, '-3'],
    ['yes for true', true, 'Yes'],
    ['no for false', false, 'No'],
    ['a comma quotes the field', 'Luton, Bedfordshire', '"Luton, Bedfordshire"'],
    ['a quote is doubled', 'the "safe" question', '"the ""safe"" question"'],
    ['a line break quotes the field', 'one\ntwo', '"one\ntwo"'],
    ['= is guarded', '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+ is guarded', '+44 1582', "'+44 1582"],
    ['- is guarded in text', '-1+2', "'-1+2"],
    ['@ is guarded', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab is guarded', '\tcmd', "'\tcmd"],
    ['accents pass through', 'Café São Paulo', 'Café São Paulo'],
    ['= later in the text is harmless', 'a=b', 'a=b'],
  ])('%s', (_label, input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every row with CRLF', () => {
    const text = toCsv(['Reference', 'Age band'], [['LUT-001', '0-4'], ['=cmd', null]]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe("Reference,Age band\r\nLUT-001,0-4\r\n'=cmd,\r\n");
  });

  it('an empty table still has its header row', () => {
    expect(toCsv(['A'], [])).toBe('\uFEFFA\r\n');
  });
});

describe('downloadFileName', () => {
  it.each([
    [['INS-2026-0001', 'evidence checklist'], 'csv', 'ins-2026-0001-evidence-checklist.csv'],
    [['Luton: area review', 'programme'], 'ics', 'luton-area-review-programme.ics'],
    [['../../etc/passwd'], 'csv', 'etc-passwd.csv'],
    [[''], 'csv', 'download.csv'],
  ] as const)('%j → %s', (parts, ext, expected) => {
    expect(downloadFileName(parts, ext)).toBe(expected);
  });
});
