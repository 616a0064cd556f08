/**
 * A streaming NDJSON filter: one result line per input line, written with backpressure, and
 * resolved only after the last write has been flushed. A malformed line becomes
 * {"line": N, "error": "..."} and processing continues.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Result } from '../../../domain/shared/result.js';

export type LineHandler = (value: unknown) => Result<Record<string, unknown>>;

export interface FilterCounts {
  lines: number;
  ok: number;
  errors: number;
}

function idOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('id' in value)) return undefined;
  const id = (value as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export async function runNdjsonFilter(input: Readable, output: Writable, handle: LineHandler): Promise<FilterCounts> {
  const counts: FilterCounts = { lines: 0, ok: 0, errors: 0 };
  // readline's iterator ends on 'close' without surfacing read errors, so keep the error to rethrow.
  let readError: Error | undefined;
  input.once('error', (e: Error) => {
    readError = e;
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!output.write(chunk)) await once(output, 'drain');
  };
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    counts.lines++;
    let out: Record<string, unknown>;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      counts.errors++;
      out = { line: lineNumber, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
      buffer += `${JSON.stringify(out)}\n`;
      if (buffer.length > 65_536) await flush();
      continue;
    }
    const result = handle(parsed);
    if (result.ok) {
      counts.ok++;
      out = result.value;
    } else {
      counts.errors++;
      const id = idOf(parsed);
      out = id === undefined ? { line: lineNumber, error: result.error } : { line: lineNumber, id, error: result.error };
    }
    buffer += `${JSON.stringify(out)}\n`;
    if (buffer.length > 65_536) await flush();
  }
  if (readError) throw readError;
  await flush();
  // Resolve only once everything written so far has reached the stream's destination.
  await new Promise<void>((resolve, reject) => output.write('', (e) => (e ? reject(e) : resolve())));
  return counts;
}
