/**
 * COPY ... TO STDOUT into a file, as the backup does for every table: whatever the table's size
 * (a few bytes, a few tens of kilobytes arriving with the end of the COPY in one read, megabytes),
 * the file gets every byte and the connection goes on answering queries afterwards. A table larger
 * than the file stream's buffer once left the connection paused for good, and `inspectorate backup`
 * of the demo world hung. A file slower than the network once got rows overwritten by later ones
 * (the driver reuses the memory a row arrived in), so a backup could silently lose rows.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTo } from '../../../src/data/pg-copy.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-copy-to-'));

describe('copyTo', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.ownerUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it.each([
    ['a few bytes', 3, 10],
    ['about 40 KB (more than the file stream buffers, in one read)', 40, 1000],
    ['about 200 KB', 200, 1000],
    ['about 5 MB', 5000, 1000],
  ])('copies a table of %s into a file, and the connection keeps answering', async (_label, rows, width) => {
    const table = `copy_${rows}`;
    await client.query(`create temporary table ${table} as select i, repeat('x', ${width}) as line from generate_series(1, ${rows}) i`);
    const file = path.join(work, `${table}.copy`);
    const done = copyTo(client, `copy ${table} (i, line) to stdout`, createWriteStream(file));
    const outcome = await Promise.race([done.then(() => 'copied'), new Promise((r) => setTimeout(() => r('hung'), 10_000))]);
    expect(outcome).toBe('copied');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(rows);
    expect(lines.at(-1)).toBe(`${rows}\t${'x'.repeat(width)}`);
    const after = await Promise.race([client.query<{ n: number }>('select 1 as n').then((r) => r.rows[0]?.n), new Promise((r) => setTimeout(() => r('no answer'), 5_000))]);
    expect(after).toBe(1);
  }, 30_000);

  it('gives a slow file every row intact, however long it holds on to them', async () => {
    await client.query(`create temporary table slow as select i, repeat(chr(65 + i % 26), 1000) as line from generate_series(1, 3000) i`);
    const expected = (await client.query<{ i: number; line: string }>('select i, line from slow order by i')).rows.map((r) => `${r.i}\t${r.line}`);
    const parts: Buffer[] = [];
    // A disk that takes a moment over each write: the rows wait in the stream's buffer meanwhile.
    const slow = new Writable({
      write(chunk: Buffer, _enc, done) {
        parts.push(chunk);
        setTimeout(done, 1);
      },
    });
    await copyTo(client, 'copy slow (i, line) to stdout', slow);
    expect(Buffer.concat(parts).toString('utf8').split('\n').filter(Boolean)).toEqual(expected);
  }, 60_000);
});
