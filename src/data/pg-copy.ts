/**
 * `COPY ... FROM STDIN` for node-postgres without pg-copy-streams: a Submittable that sends a
 * buffer once the server asks for copy data. Bulk imports use it through `transactionWithCopy`,
 * which runs a Kysely transaction on one pooled client and remembers that client for the
 * transaction, so COPY and ordinary queries share the same transaction.
 */
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { poolOf, type Database, type Db, type Executor, type Trx } from './database.js';

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

export function copyFrom(client: pg.Client | pg.PoolClient, sql: string, data: Buffer): Promise<void> {
  const size = 1 << 20;
  return copyFromChunks(client, sql, function* () {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
  });
}

/**
 * COPY with its data made chunk by chunk once the server is ready for it: each chunk is on its way
 * to PostgreSQL, which starts on it, while the next is being made. A chunk that cannot be made
 * fails the COPY (nothing of it is stored) and the promise rejects with that error.
 */
export function copyFromChunks(client: pg.Client | pg.PoolClient, sql: string, chunks: () => Iterable<Buffer>): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    const submittable = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        try {
          for (const chunk of chunks()) connection.sendCopyFromChunk(chunk);
        } catch (e) {
          error = e instanceof Error ? e : new Error(String(e));
          connection.sendCopyFail(`the data could not be made: ${error.message}`);
          return;
        }
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (error) reject(error);
        else resolve();
      },
      // After an error the driver never calls handleReadyForQuery for this query: settle here.
      handleError(e: Error) {
        error ??= e;
        reject(error);
      },
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

interface CopyOutConnection {
  query(text: string): void;
  stream: NodeJS.ReadableStream;
}

/**
 * `COPY ... TO STDOUT` into a writable stream (a file), pausing the connection while the file
 * catches up. Resolves once the server has sent everything and the stream has been ended.
 *
 * The connection is always resumed before the promise settles: the end of the COPY often arrives
 * in the same read as its last data, while the connection is paused for a file that has not yet
 * drained, and a stream being ended never emits 'drain'; left paused, the connection would never
 * read the answer to its next query.
 */
export function copyTo(client: pg.Client | pg.PoolClient, sql: string, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    let paused: CopyOutConnection['stream'] | undefined;
    const resume = () => {
      out.removeListener('drain', resume);
      paused?.resume();
      paused = undefined;
    };
    const submittable = {
      submit(connection: CopyOutConnection) {
        connection.query(sql);
      },
      handleCopyData(msg: { chunk: Buffer }, connection: CopyOutConnection) {
        // After a write failed, the rest of the data is read and dropped, so the COPY can finish.
        if (error) return;
        // A copy: the chunk is a view of the driver's read buffer, which it reuses for later data
        // while the stream may still hold this chunk, unwritten.
        if (!out.write(Buffer.from(msg.chunk)) && !paused) {
          paused = connection.stream;
          paused.pause();
          out.once('drain', resume);
        }
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        resume();
        if (error) reject(error);
        else out.end(() => resolve());
      },
      // After an error the driver never calls handleReadyForQuery for this query: settle here.
      handleError(e: Error) {
        error ??= e;
        resume();
        reject(error);
      },
    };
    out.on('error', (e: Error) => {
      error ??= e;
      resume();
    });
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

interface CopyInStreamConnection extends CopyConnection {
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** `COPY ... FROM STDIN` fed from a readable stream (a file), chunk by chunk, never all in memory. */
export function copyFromStream(client: pg.Client | pg.PoolClient, sql: string, input: AsyncIterable<Buffer>): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    const submittable = {
      submit(connection: CopyInStreamConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyInStreamConnection) {
        void (async () => {
          try {
            for await (const chunk of input) {
              if (error) return;
              connection.sendCopyFromChunk(chunk);
              if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once('drain', r));
            }
            connection.endCopyFrom();
          } catch (e) {
            connection.sendCopyFail(e instanceof Error ? e.message : String(e));
          }
        })();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (error) reject(error);
        else resolve();
      },
      // After an error the driver never calls handleReadyForQuery for this query: settle here.
      handleError(e: Error) {
        error ??= e;
        reject(error);
      },
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

export type CopyValue = string | number | boolean | null | undefined | readonly string[];

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : s;
}

/** One value in COPY's text format (`\N` for null; text[] as an array literal). */
export function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return escapeText(v);
  return escapeText(`{${v.map((e) => `"${e.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`);
}

/** Rows as COPY text, a few hundred at a time (see copyFromChunks). */
export function copyLines<R>(rows: readonly R[], values: (row: R) => readonly CopyValue[], perChunk = 250): Generator<Buffer> {
  return copyChunks(
    (function* () {
      for (const row of rows) yield values(row).map(copyText).join('\t');
    })(),
    perChunk,
  );
}

/** Lines already in COPY's text format, a few hundred to a chunk (see copyFromChunks). */
export function* copyChunks(lines: Iterable<string>, perChunk = 250): Generator<Buffer> {
  let text = '';
  let n = 0;
  for (const line of lines) {
    text += `${line}\n`;
    if (++n === perChunk) {
      yield Buffer.from(text, 'utf8');
      text = '';
      n = 0;
    }
  }
  if (text) yield Buffer.from(text, 'utf8');
}

const copyClients = new WeakMap<object, pg.PoolClient>();

/** The client behind a transaction opened by `transactionWithCopy`, or undefined for any other executor. */
export function copyClientOf(db: Executor): pg.PoolClient | undefined {
  return copyClients.get(db);
}

/**
 * Runs `fn` in one transaction on one client of the pool behind `db`, with COPY available to the
 * repositories through `copyClientOf(trx)`. Without a pool (never in this app) it is a plain transaction.
 */
export async function transactionWithCopy<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  const pool = poolOf(db);
  if (!pool) return db.transaction().execute(fn);
  const client = await pool.connect();
  const single = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        // The same client every time; it goes back to the real pool only at the end.
        connect: async () => ({ query: client.query.bind(client), release: () => undefined }) as unknown as pg.PoolClient,
        end: async () => undefined,
      },
    }),
  });
  let failed = false;
  try {
    return await single.transaction().execute(async (trx) => {
      copyClients.set(trx, client);
      return fn(trx);
    });
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await single.destroy();
    // After a failure the connection is closed rather than reused: nothing of it can leak.
    client.release(failed ? true : undefined);
  }
}
