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
import { copyFromChunks, copyLines, copyTo } from '../../../src/data/pg-copy.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-copy-to-'));

// One database and one connection for the file: every test also checks the connection goes on answering.
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

describe('copyTo', () => {
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

describe('copyFromChunks (imports: COPY made chunk by chunk while PostgreSQL reads the ones before)', () => {
  beforeAll(async () => {
    await client.query('create temporary table chunked (i int primary key, note text, tags text[])');
  });

  it('stores every row of every chunk, text with tabs, line breaks and backslashes intact', async () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => [i, i % 3 === 0 ? null : `row ${i}\tTab\nline \\ end`, i % 2 ? ['a "quoted"', 'b\\c'] : []] as const);
    await copyFromChunks(client, 'copy chunked (i, note, tags) from stdin', () => copyLines(rows, (r) => r, 100));
    const back = await client.query<{ n: string; note: string | null; tags: string[] }>('select (select count(*)::text from chunked) as n, note, tags from chunked where i = 1');
    expect(back.rows[0]).toEqual({ n: '1234', note: 'row 1\tTab\nline \\ end', tags: ['a "quoted"', 'b\\c'] });
    const last = await client.query<{ note: string | null; tags: string[] }>('select note, tags from chunked where i = 1231');
    expect(last.rows[0]).toEqual({ note: 'row 1231\tTab\nline \\ end', tags: ['a "quoted"', 'b\\c'] });
  });

  it('a row PostgreSQL refuses fails the COPY with its error instead of leaving the import waiting forever', async () => {
    await client.query('truncate chunked');
    const rows = [[1, 'one', []], [1, 'one again', []]] as const;
    const outcome = await Promise.race([
      copyFromChunks(client, 'copy chunked (i, note, tags) from stdin', () => copyLines(rows, (r) => r)).then(() => 'stored', (e: Error) => e.message),
      new Promise((r) => setTimeout(() => r('hung'), 10_000)),
    ]);
    expect(outcome).toMatch(/duplicate key value violates unique constraint/);
    expect((await client.query<{ n: string }>('select count(*)::text as n from chunked')).rows[0]?.n).toBe('0');
  });

  it('a chunk that cannot be made fails the COPY: nothing of it is stored, the error is the one raised, the connection answers on', async () => {
    await client.query('truncate chunked');
    function* failing() {
      yield Buffer.from('1\tfirst\t{}\n');
      throw new Error('a value could not be written');
    }
    await expect(copyFromChunks(client, 'copy chunked (i, note, tags) from stdin', failing)).rejects.toThrow('a value could not be written');
    const n = await client.query<{ n: string }>('select count(*)::text as n from chunked');
    expect(n.rows[0]?.n).toBe('0');
  });
});
