/**
 * CSV rows keyed by header name, streamed. Headers are matched by name, ignoring case,
 * spacing and punctuation, so the drift between editions of CQC's files does not matter.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { readTextFile } from './decode.js';

/** "Location Post Code", "location_postcode", "Location Postal Code?" → comparable keys. */
export function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/\bpostal\b/g, 'post')
    .replace(/[^a-z0-9]+/g, '');
}

export interface CsvRow {
  line: number;
  /** Cells by header key (see headerKey). */
  cells: Map<string, string>;
}

export interface CsvSource {
  headers: string[];
  rows: AsyncGenerator<CsvRow>;
}

/** Reads the header row first (so a wrong file fails before anything is written), then streams the rows. */
export async function openCsv(file: string): Promise<CsvSource> {
  const parser = Readable.from(readTextFile(file)).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, info: true }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await iterator.next();
  const headers = first.done ? [] : first.value.record.map((h) => h.trim());
  const keys = headers.map(headerKey);
  async function* rows(): AsyncGenerator<CsvRow> {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const cells = new Map<string, string>();
      next.value.record.forEach((v, i) => {
        const k = keys[i];
        if (k !== undefined && !cells.has(k)) cells.set(k, v);
      });
      yield { line: next.value.info.lines, cells };
    }
  }
  return { headers, rows: rows() };
}
