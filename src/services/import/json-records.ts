/**
 * Records in the shape of CQC's syndication API, read as a stream: a JSON array of
 * objects, newline-delimited JSON, a single object, or a folder of such files (as
 * `location_details/*.json`). Never holds more than one record in memory.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ReadMeter} from './decode.js';
import { readTextFile } from './decode.js';

export interface JsonRecord {
  /** 1-based position in the source, for the rejects report ("record 12" / "file x.json"). */
  position: string;
  value?: unknown;
  error?: string;
}

export class UnreadableFileError extends Error {}

/** What ends or escapes inside a JSON string, or cuts it short. */
const STRING_STOPS = /["\\\n]/g;

/**
 * Splits a JSON text stream into top-level values: elements of one array, or consecutive objects
 * (NDJSON). A value cut short never swallows its neighbour: a raw line break ends a string (JSON
 * strings cannot hold one), and a "{" that opens a line no further indented than the line the
 * current value began on, while that value is still open, means the value was truncated; it is
 * yielded as it is (and rejected as invalid JSON) and a new one starts there. (Pretty-printed
 * values indent their nested braces more deeply than their own opening brace.)
 */
export async function* jsonValues(text: AsyncIterable<string>): AsyncGenerator<{ text: string; index: number; inArray: boolean }> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  let started = false;
  let inArray = false;
  let index = 0;
  /** Columns of whitespace seen since the last line break; -1 once something else is on the line. */
  let lineIndent = 0;
  /** The indent of the line the open value began on, when its "{" opened that line; otherwise -1. */
  let valueIndent = -1;
  for await (const chunk of text) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (inString && !escaped) {
        // Inside a string only a quote, a backslash or a raw line break matters: jump to the next.
        // (The line's indent is already "something else on the line": the opening quote set it.)
        STRING_STOPS.lastIndex = i;
        const stop = STRING_STOPS.exec(chunk);
        if (!stop) break;
        i = stop.index;
      }
      const c = chunk.charCodeAt(i);
      const indent = lineIndent;
      if (c === 0x0a) lineIndent = 0;
      // The outer "[" and the commas between values count as indentation: "[{" and ",{" open a value's line.
      else if (lineIndent >= 0 && (c === 0x20 || c === 0x09 || c === 0x0d || (depth === 0 && !inString && (c === 0x5b || c === 0x2c)))) lineIndent++;
      else lineIndent = -1;
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
      if (depth > 0 && c === 0x7b && indent >= 0 && valueIndent >= 0 && indent <= valueIndent) {
        current += chunk.slice(from, i);
        yield { text: current, index: ++index, inArray };
        current = '';
        depth = 0;
        inString = false;
        escaped = false;
        from = i;
      }
      if (inString) {
        if (c === 0x0a) inString = false; // a raw line break cannot be inside a JSON string: the value was cut short
        else if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) {
        inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth === 0) {
          from = i;
          valueIndent = indent;
        }
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
        lineIndent = 0;
      }
    }
    if (depth > 0) current += chunk.slice(from);
  }
  if (!started) throw new UnreadableFileError('it is empty');
  if (depth > 0) yield { text: current, index: ++index, inArray };
}

async function* fromFile(file: string, meter?: ReadMeter): AsyncGenerator<JsonRecord> {
  for await (const v of jsonValues(readTextFile(file, meter))) {
    const position = `record ${v.index}`;
    try {
      yield { position, value: JSON.parse(v.text) };
    } catch (e) {
      yield { position, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
  }
}

async function* fromFolder(dir: string, meter?: ReadMeter): AsyncGenerator<JsonRecord> {
  const names = (await fs.readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json') || n.toLowerCase().endsWith('.ndjson')).sort();
  if (names.length === 0) throw new UnreadableFileError(`the folder ${dir} has no .json files`);
  if (meter) meter.total = names.length;
  for (const name of names) {
    for await (const r of fromFile(path.join(dir, name))) yield { ...r, position: `${name} ${r.position}` };
    if (meter) meter.done++;
  }
}

/** Opens the file (or folder) and checks it can be read before anything is written. */
export async function openJsonRecords(file: string, meter?: ReadMeter): Promise<AsyncGenerator<JsonRecord>> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new UnreadableFileError(`there is no file or folder ${file}`);
  }
  if (stat.isDirectory()) return fromFolder(file, meter);
  if (meter) meter.total = stat.size;
  try {
    await (await fs.open(file, 'r')).close();
  } catch (e) {
    throw new UnreadableFileError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return fromFile(file, meter);
}
