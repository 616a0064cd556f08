/**
 * Clean logs: when the database ends the app's connections (a restart, a failover, an administrator),
 * each lost connection is one log line with the error's message and code, never the pg client object
 * (which once filled kilobytes per line), and never twice.
 */
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../../src/data/database.js';
import { createLogger, logLostConnections } from '../../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const APP_NAME = `lost-connection-test-${process.pid}`;

describe('a lost database connection in the log', () => {
  let db: TestDatabase;
  let handle: DbHandle;
  const lines: string[] = [];
  let stopping = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const url = new URL(db.url);
    url.searchParams.set('application_name', APP_NAME);
    handle = createDb(url.toString(), { max: 3, onError: logLostConnections(createLogger('debug', sink), () => stopping) });
  });
  afterAll(async () => {
    await handle.close();
    await db.destroy();
  });

  async function terminate(): Promise<number> {
    const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1', [APP_NAME]);
      return rows[0]!.n;
    } finally {
      await admin.end();
    }
  }

  async function logged(count: number): Promise<Record<string, unknown>[]> {
    const until = Date.now() + 5_000;
    while (lines.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200)); // any duplicate would arrive now
    return lines.splice(0).map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it('one short line per connection lost, idle or in use, with message and code', async () => {
    // Three connections: two left idle in the pool, one busy in a query when it is cut off.
    await Promise.all([1, 2, 3].map(() => handle.pool.query('select pg_sleep(0.05)')));
    const busy = handle.pool.connect();
    const client = await busy;
    const inFlight = client.query('select pg_sleep(5)').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 200));
    const ended = await terminate();
    expect(ended).toBe(3);
    // The query in flight fails with the server's reason (the request's own error handling reports it)...
    expect(await inFlight).toMatchObject({ code: '57P01' });

    // ... and every connection, the busy one too, is reported lost once.
    const events = await logged(ended);
    client.release(true);
    expect(events).toHaveLength(ended);
    for (const [i, event] of events.entries()) {
      expect(Object.keys(event).sort()).toEqual(['error', 'hostname', 'level', 'msg', 'pid', 'time']);
      expect(event).toMatchObject({ level: 40, msg: 'database connection lost' });
      expect(JSON.stringify(event).length, `line ${i}`).toBeLessThan(300);
    }
    // The idle ones with the server's message and code; the busy one with the driver's (it has no code).
    expect(events.map((e) => e['error']).sort((a, b) => JSON.stringify(b).localeCompare(JSON.stringify(a)))).toEqual([
      { message: 'terminating connection due to administrator command', code: '57P01' },
      { message: 'terminating connection due to administrator command', code: '57P01' },
      { message: 'Connection terminated unexpectedly' },
    ]);
    // The pool reconnects: the next query works.
    expect((await handle.pool.query<{ n: number }>('select 1 as n')).rows[0]?.n).toBe(1);
  });

  it('while the process stops, the server ending its connections is not a warning', async () => {
    await handle.pool.query('select 1');
    stopping = true;
    expect(await terminate()).toBeGreaterThan(0);
    const events = await logged(1);
    expect(events.map((e) => [e['level'], e['msg']])).toEqual([[20, 'database connection closed by shutdown']]);
  });
});
