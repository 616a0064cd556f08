/**
 * Records in the shape of CQC's syndication API, read as a stream: a JSON array of
 * objects, newline-delimited JSON, a single object, or a folder of such files (as
 * `location_details/*.json`). Never holds more than one record in memory.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readTextFile } from './decode.js';

export interface JsonRecord {
  /** 1-based position in the source, for the rejects report ("record 12" / "file x.json"). */
  position: string;
  value?: unknown;
  error?: string;
}

export class UnreadableFileError extends Error {}

/** Splits a JSON text stream into top-level values: elements of one array, or consecutive objects (NDJSON). */
export async function* jsonValues(text: AsyncIterable<string>): AsyncGenerator<{ text: string; index: number; inArray: boolean }> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  let started = false;
  let inArray = false;
  let index = 0;
  let atLineStart = true;
  for await (const chunk of text) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (!started) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
        started = true;
        if (c === 0x5b /* [ */) {
          inArray = true;
          from = i + 1;
          continue;
        }
        if (c !== 0x7b /* { */) throw new UnreadableFileError('it is not JSON (it should start with "[" or "{")');
      }
      // NDJSON: a "{" at the start of a line while a record is still open means that record was
      // cut short; it is yielded as it is (and rejected as invalid JSON) and a new one starts.
      // (Pretty-printed objects indent their nested braces, so column 0 is always a new record.)
      if (!inArray && depth > 0 && c === 0x7b && atLineStart) {
        current += chunk.slice(from, i);
        yield { text: current, index: ++index, inArray };
        current = '';
        depth = 0;
        inString = false;
        escaped = false;
      }
      atLineStart = c === 0x0a;
      if (inString) {
        if (c === 0x0a && !inArray) inString = false; // a raw newline cannot be inside a JSON string
        else if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) {
        inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth === 0) from = i;
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) {
          // the closing bracket of the outer array
          from = i + 1;
          continue;
        }
        depth--;
        if (depth === 0) {
          current += chunk.slice(from, i + 1);
          yield { text: current, index: ++index, inArray };
          current = '';
          from = i + 1;
        }
      } else if (depth === 0 && c !== 0x2c && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        // a bare value between records
        const end = chunk.indexOf('\n', i);
        yield { text: chunk.slice(i, end < 0 ? chunk.length : end), index: ++index, inArray };
        if (end < 0) break;
        i = end;
        from = end + 1;
      }
    }
    if (depth > 0) current += chunk.slice(from);
  }
  if (!started) throw new UnreadableFileError('it is empty');
  if (depth > 0) yield { text: current, index: ++index, inArray };
}

async function* fromFile(file: string): AsyncGenerator<JsonRecord> {
  for await (const v of jsonValues(readTextFile(file))) {
    const position = `record ${v.index}`;
    try {
      yield { position, value: JSON.parse(v.text) };
    } catch (e) {
      yield { position, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
  }
}

async function* fromFolder(dir: string): AsyncGenerator<JsonRecord> {
  const names = (await fs.readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json') || n.toLowerCase().endsWith('.ndjson')).sort();
  if (names.length === 0) throw new UnreadableFileError(`the folder ${dir} has no .json files`);
  for (const name of names) {
    for await (const r of fromFile(path.join(dir, name))) yield { ...r, position: `${name} ${r.position}` };
  }
}

/** Opens the file (or folder) and checks it can be read before anything is written. */
export async function openJsonRecords(file: string): Promise<AsyncGenerator<JsonRecord>> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new UnreadableFileError(`cannot read ${file}: no such file`);
  }
  if (stat.isDirectory()) return fromFolder(file);
  try {
    await (await fs.open(file, 'r')).close();
  } catch (e) {
    throw new UnreadableFileError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return fromFile(file);
}
