/**
 * Each of the bench's searches timed on its own: `npx tsx bench/search-timings.ts <database url>`,
 * on a database `bench/register.ts` kept (BENCH_KEEP=1). Runs every search of the mix the way the
 * search page reads it (searchTarget, then loadSearch: the bare route's reads) three times on an
 * idle connection and prints the median, the slowest searches with each of their statements' times,
 * and EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of the slowest searches.
 * Options: SEARCH_TIMINGS_TOP (default 8) how many of the slowest to show in detail.
 */
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/data/database.js';
import { EmptyInListPlugin } from '../src/data/empty-in-list.plugin.js';
import { createLogger } from '../src/logger.js';
import { systemActor, systemClock, type ServiceContext } from '../src/services/context.js';
import { loadSearch, searchTarget } from '../src/web/register/register.handlers.js';
import type { SearchQuery } from '../src/web/register/search.view-model.js';
import { searchMix } from './search-mix.js';

interface Statement {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

const url = process.argv[2];
if (!url) {
  process.stderr.write('Usage: npx tsx bench/search-timings.ts <database url> (a database kept by BENCH_KEEP=1 npx tsx bench/register.ts)\n');
  process.exit(2);
}
const top = Number(process.env['SEARCH_TIMINGS_TOP'] ?? 8);
const pool = new pg.Pool({ connectionString: url, max: 4 });
let recording: Statement[] | null = null;
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  plugins: [new EmptyInListPlugin()],
  log: (event: LogEvent) => {
    if (event.level === 'query' && recording) recording.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  },
});
const ctx: ServiceContext = { db, config: loadConfig(), clock: systemClock, actor: systemActor('bench'), correlationId: 'bench', logger: createLogger('silent') };

async function run(query: string): Promise<{ ms: number; statements: Statement[] }> {
  const q = Object.fromEntries(new URLSearchParams(query)) as SearchQuery;
  const statements: Statement[] = [];
  recording = statements;
  const started = process.hrtime.bigint();
  if (!(await searchTarget(ctx, q))) await loadSearch(ctx, q);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  recording = null;
  return { ms, statements };
}

try {
  const mix = await searchMix(db);
  // Once through the whole mix first: each search's count is then kept, as it is on a serving app.
  for (const query of mix) await run(query);
  const timed: { query: string; ms: number; statements: Statement[] }[] = [];
  for (const query of mix) {
    const runs = [await run(query), await run(query), await run(query)].sort((a, b) => a.ms - b.ms);
    timed.push({ query, ...runs[1]! });
  }
  timed.sort((a, b) => b.ms - a.ms);
  const total = timed.reduce((s, t) => s + t.ms, 0);
  const at = (p: number) => [...timed].reverse()[Math.min(timed.length - 1, Math.floor(p * timed.length))]!.ms;
  process.stdout.write(`${timed.length} searches, one at a time: mean ${(total / timed.length).toFixed(1)} ms, median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, slowest ${timed[0]!.ms.toFixed(1)} ms\n\n`);
  for (const t of timed.slice(0, top)) {
    process.stdout.write(`${t.ms.toFixed(1).padStart(7)} ms  ${decodeURIComponent(t.query).slice(0, 100)}\n`);
    for (const s of t.statements) process.stdout.write(`${''.padStart(12)}${s.ms.toFixed(1).padStart(7)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 150)}\n`);
  }
  for (const t of timed.slice(0, Math.min(3, top))) {
    const slowest = [...t.statements].sort((a, b) => b.ms - a.ms)[0];
    if (!slowest) continue;
    const plan = await pool.query(`explain (analyze, buffers) ${slowest.sql}`, slowest.parameters as unknown[]);
    process.stdout.write(`\nEXPLAIN of the slowest statement of ${decodeURIComponent(t.query).slice(0, 100)}:\n${slowest.sql}\n${JSON.stringify(slowest.parameters)}\n`);
    for (const r of plan.rows as { 'QUERY PLAN': string }[]) process.stdout.write(`  ${r['QUERY PLAN']}\n`);
  }
} finally {
  await db.destroy();
}
