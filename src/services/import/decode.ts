/**
 * Streams a file as text: strips a UTF-8 BOM and decodes Windows-1252 when the bytes
 * are not valid UTF-8 (CQC's CSVs have been published in both).
 */
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'windows-1252';

/** Decodes chunks as UTF-8 until a chunk is not valid UTF-8, then as Windows-1252 from there on. */
export async function* decodeText(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let encoding: TextEncodingName = 'utf-8';
  let first = true;
  let utf8 = new TextDecoder('utf-8', { fatal: true });
  for await (const raw of chunks) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    if (encoding === 'utf-8') {
      try {
        yield utf8.decode(chunk, { stream: true });
        continue;
      } catch {
        encoding = 'windows-1252';
        utf8 = new TextDecoder('utf-8', { fatal: true });
      }
    }
    yield iconv.decode(chunk, 'win1252');
  }
  if (encoding === 'utf-8') {
    const tail = utf8.decode();
    if (tail) yield tail;
  }
}

/** How much of a source has been read, for a progress bar: bytes of a file, or files of a folder. */
export class ReadMeter {
  done = 0;
  total = 0;
  fraction(): number | undefined {
    return this.total > 0 ? Math.min(1, this.done / this.total) : undefined;
  }
}

async function* counted(stream: AsyncIterable<Buffer>, meter: ReadMeter | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    if (meter) meter.done += chunk.length;
    yield chunk;
  }
}

export function readTextFile(file: string, meter?: ReadMeter): AsyncGenerator<string> {
  return decodeText(counted(createReadStream(file, { highWaterMark: 256 * 1024 }), meter));
}

/** Lines of a text stream (LF or CRLF), without their line endings. */
export async function* lines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of text) {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      yield buffer.slice(0, i).replace(/\r$/, '');
      buffer = buffer.slice(i + 1);
    }
  }
  if (buffer.length > 0) yield buffer.replace(/\r$/, '');
}
