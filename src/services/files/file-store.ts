/**
 * Evidence files on disk, under config.uploadDir (outside the web root; never served
 * statically). A file's name on disk is a random storage key, never the user's filename.
 * Chunks are written at their offset and fsynced before the database records them, so a
 * crash mid-chunk cannot damage bytes already received.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants, createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export class FileStore {
  constructor(private readonly root: string) {}

  newKey(): string {
    return randomUUID();
  }

  pathOf(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, 'objects', key.slice(0, 2), key);
  }

  /** Writes bytes at an offset, creating the file if needed, and flushes them to disk. */
  async writeAt(key: string, offset: number, data: Uint8Array): Promise<void> {
    const p = this.pathOf(key);
    await mkdir(path.dirname(p), { recursive: true, mode: 0o700 });
    const handle = await open(p, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written, offset + written);
        written += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async size(key: string): Promise<number> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch {
      return 0;
    }
  }

  /** SHA-256 of the first `length` bytes, read as a stream (never the whole file in memory). */
  async sha256(key: string, length: number): Promise<string> {
    const hash = createHash('sha256');
    if (length === 0) return hash.digest('hex');
    await new Promise<void>((resolve, reject) => {
      createReadStream(this.pathOf(key), { start: 0, end: length - 1 })
        .on('data', (c) => hash.update(c))
        .on('end', () => resolve())
        .on('error', reject);
    });
    return hash.digest('hex');
  }

  async head(key: string, bytes = 8192): Promise<Uint8Array> {
    const handle = await open(this.pathOf(key), 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return new Uint8Array(buf.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }

  /** Drops bytes past `length` (left by a chunk that was written but never recorded). */
  async truncate(key: string, length: number): Promise<void> {
    const handle = await open(this.pathOf(key), 'r+');
    try {
      await handle.truncate(length);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  read(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
