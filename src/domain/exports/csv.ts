/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the accents), CRLF line
 * ends (RFC 4180), every field quoted when it holds a comma, quote or line break, and formula
 * injection guarded: a cell starting with = + - @ (or a tab or carriage return) is prefixed with
 * an apostrophe so a spreadsheet shows it as text instead of running it. Pure: no I/O.
 */

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, guarded and quoted as needed. Numbers are written as numbers (a negative number is not a formula). */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',');
}

/** The whole file: BOM, header row, data rows, each ending CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + [csvRow(header), ...rows.map(csvRow)].map((line) => line + CSV_EOL).join('');
}

/** A safe file name for Content-Disposition: letters, digits, dot, dash and underscore only. */
export function downloadFileName(parts: readonly string[], extension: 'csv' | 'ics'): string {
  const base = parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${base || 'download'}.${extension}`;
}
