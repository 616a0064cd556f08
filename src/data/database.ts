/**
 * The typed Database interface: one table module per feature, merged here.
 * A misspelt column fails at compile time.
 */
import { EmptyInListPlugin } from './empty-in-list.plugin.js';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { AfterReportTables } from './tables/after-report.tables.js';
import type { CaseTrackingTables } from './tables/case-tracking.tables.js';
import type { FieldworkTables } from './tables/fieldwork.tables.js';
import type { FoundationTables } from './tables/foundation.tables.js';
import type { InspectionTables } from './tables/inspections.tables.js';
import type { ParticipantTables } from './tables/participants.tables.js';
import type { PeopleTables } from './tables/people.tables.js';
import type { PublicPagesTables } from './tables/public-pages.tables.js';
import type { ProviderPortalTables } from './tables/provider-portal.tables.js';
import type { RegisterTables } from './tables/register.tables.js';
import type { ReportTables } from './tables/reports.tables.js';

/** Add each feature's table module here with `&`. */
export type Database = FoundationTables & PeopleTables & RegisterTables & InspectionTables & AfterReportTables & ReportTables & PublicPagesTables & FieldworkTables & ProviderPortalTables & ParticipantTables & CaseTrackingTables;

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the database or a transaction: repositories accept both. */
export type Executor = Kysely<Database>;

// Return DATE columns as 'YYYY-MM-DD' strings, not JavaScript Dates at local midnight.
pg.types.setTypeParser(1082, (v: string) => v);
// Return bigint (int8) counts as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

const pools = new WeakMap<Db, pg.Pool>();
/** The pg pool behind a Db, for libraries that need pg itself (graphile-worker's schema migrations). */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

export function createDb(url: string, opts: { max?: number; onError?: (e: Error) => void; statementTimeoutMs?: number; lockTimeoutMs?: number } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Request paths: a statement or a lock wait that runs too long fails, rather than holding
    // one of the pool's connections while others queue behind it (docs/database-roles.md).
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
    ...(opts.lockTimeoutMs ? { lock_timeout: opts.lockTimeoutMs } : {}),
  });
  // A dropped connection must not crash the process: the pool reconnects on the next query. Every
  // client reports its own loss (idle or in use) once; the pool's 'error' repeats it for idle
  // clients, so it only needs a listener (an 'error' event without one would end the process).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', (e) => opts.onError?.(e)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new EmptyInListPlugin()] });
  pools.set(db, pool);
  return {
    db,
    pool,
    url,
    close: async () => {
      await db.destroy();
    },
  };
}
