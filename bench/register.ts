/**
 * National-scale register benchmark: `npx tsx bench/register.ts`.
 *
 * 1. Builds ~90,000 locations (and ~30,000 providers) from the real Oldham API records in
 *    ../shared/data (new ids, same mix of types, ratings and history; addresses spread over
 *    England from the NHS practice list) into temporary NDJSON files.
 * 2. Imports them through the real importers into a fresh temporary database and, as the
 *    baseline, COPYs the very same rows into identical tables (same indexes).
 * 3. Serves the app (a child process) and a bare fastify route running the same SQL (another
 *    child process) and measures with autocannon at 10 and 50 connections.
 * Prints p50/p95/p99 latency, requests per second, and the ratios to the baselines.
 * Options: BENCH_LOCATIONS (default 90000), BENCH_SECONDS (default 8), BENCH_PAIRS (alternating app and
 * bare runs of the "different each request" routes at 10 connections; default 5, the goals take the median), BENCH_IMPORT_ONLY=1 (stop after
 * the import and its COPY baseline), BENCH_KEEP=1 (keep the database afterwards, for EXPLAIN; drop it yourself),
 * BENCH_DATABASE=<url of a kept database> (measure serving only, on that database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/data/database.js';
import { ensureEmbeddedPostgres } from '../src/data/embedded-postgres.js';
import { migrateToLatest } from '../src/data/migrate.js';
import { listLocationsPage, searchLocations } from '../src/data/repositories/register.repository.js';
import { createLogger } from '../src/logger.js';
import { systemActor, systemClock, type ServiceContext } from '../src/services/context.js';
import { loadLocationPage } from '../src/services/register/location-page.service.js';
import { loadSearch, searchTarget } from '../src/web/register/register.handlers.js';
import type { SearchQuery } from '../src/web/register/search.view-model.js';
import { searchMix } from './search-mix.js';
import { importCqcLocations, importCqcProviders } from '../src/services/import/cqc-api.import.js';
import { copyFrom } from '../src/data/pg-copy.js';
import { refreshPostcodeDistricts } from '../src/services/register/postcode-districts.js';
import { median } from '../src/domain/reports/timeliness.js';

const N = Number(process.env['BENCH_LOCATIONS'] ?? 90_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 5);
const SEARCH = { q: 'luton', sort: 'relevance' as const };
const API_FILTER = { region: 'North West' };

async function bareServer(url: string, port: number): Promise<void> {
  const config = loadConfig();
  // The app's own pool size (DB_POOL_SIZE, default 20): the same reads through the same pool. With
  // a smaller pool than the app's, PostgreSQL ran fewer queries at once on 2 cores and spent about
  // 0.3 ms less CPU per page (docs/performance.md), which the baseline would have counted as the app's.
  const { db } = createDb(url, { max: config.dbPoolSize });
  const ctx: ServiceContext = { db, config, clock: systemClock, actor: systemActor('bench'), correlationId: 'bench', logger: createLogger('silent') };
  const app = Fastify();
  app.get('/search', async () => searchLocations(db, { q: SEARCH.q, registeredOnly: true }, { sort: SEARCH.sort, limit: 20, offset: 0 }));
  app.get('/api', async () => listLocationsPage(db, API_FILTER, 100, 0));
  // The same reads as the pages, by the same functions, answered as JSON (no plugins, no templates, no page cache).
  app.get<{ Querystring: SearchQuery }>('/search-page', async (req) => {
    const target = await searchTarget(ctx, req.query);
    if (target) return target;
    const r = await loadSearch(ctx, req.query);
    return { total: r.result.total, rows: r.result.rows, firstKey: r.result.firstKey, lastKey: r.result.lastKey, didYouMean: r.didYouMean ?? null };
  });
  app.get<{ Params: { id: string } }>('/location/:id', async (req) => {
    const d = await loadLocationPage(ctx, req.params.id);
    return { ...d, reportsWithPdf: [...d.reportsWithPdf] };
  });
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write('ready\n');
}

function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    for (const l of lines) out.write(`${l}\n`);
    out.end(resolve);
  });
}

function* generateLocations(dataDir: string): Generator<string> {
  const dir = path.join(dataDir, 'cqc-api-oldham', 'location_details');
  const docs = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const practices = readFileSync(path.join(dataDir, 'nhs-ods-epraccur', 'epraccur.csv'), 'utf8')
    .split('\n')
    .map((l) => l.split('","').map((c) => c.replace(/^"|"$/g, '')))
    .filter((c) => c.length > 10 && c[9]);
  for (let i = 0; i < N; i++) {
    const doc = JSON.parse(docs[i % docs.length] as string) as Record<string, unknown>;
    const p = practices[(i * 7919) % practices.length] as string[];
    const town = (p[7] ?? 'Town').toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
    doc['locationId'] = `1-9${String(i).padStart(9, '0')}`;
    doc['providerId'] = `1-8${String(Math.floor(i / 3)).padStart(9, '0')}`;
    doc['name'] = `${String(doc['name'])}${i >= docs.length ? ` ${town}` : ''}`;
    doc['postalAddressTownCity'] = town;
    doc['postalCode'] = p[9];
    // The record's coordinates are its Oldham original's: a moved record is placed by its new postcode's district.
    if (i >= docs.length) {
      delete doc['onspdLatitude'];
      delete doc['onspdLongitude'];
    }
    // About 50 counties stand in for England's ~300 local authorities.
    if (p[8]) doc['localAuthority'] = (p[8] as string).toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
    if (doc['odsCode']) doc['odsCode'] = `B${String(i).padStart(7, '0')}`;
    yield JSON.stringify(doc);
  }
}

function* generateProviders(dataDir: string): Generator<string> {
  const dir = path.join(dataDir, 'cqc-api-oldham', 'provider_details');
  const docs = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  for (let i = 0; i < Math.ceil(N / 3); i++) {
    const doc = JSON.parse(docs[i % docs.length] as string) as Record<string, unknown>;
    doc['providerId'] = `1-8${String(i).padStart(9, '0')}`;
    doc['name'] = `${String(doc['name'])} ${i}`;
    delete doc['locationIds'];
    yield JSON.stringify(doc);
  }
}

/** The N-th location of a spread over the whole register (a different one for each request). */
function locationAt(i: number): string {
  return `1-9${String((i * 7919) % N).padStart(9, '0')}`;
}

interface Measured {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

/**
 * The number of the next request of the whole run. Each measured route continues from where the one
 * before it stopped, so a route never asks for the pages the route measured just before it read: with
 * every route starting from 0, the bare route read the very locations the app had just read, from
 * PostgreSQL's shared buffers (128 MB, against a 2 GB database), and the app read them cold.
 */
let nextRequest = 0;

async function measure(url: string, connections: number, pathFor?: (i: number) => string): Promise<Measured> {
  // With pathFor, every request asks for a different page (rendered pages are reused per URL, see ADR 0004).
  const requests = pathFor ? [{ setupRequest: (req: { path?: string }) => ({ ...req, path: pathFor(nextRequest++) }) }] : undefined;
  await autocannon({ url, connections, duration: 2, ...(requests ? { requests } : {}) }); // warm up
  const r = await autocannon({ url, connections, duration: SECONDS, ...(requests ? { requests } : {}) });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const l = r.latency as unknown as Record<string, number>;
  return { p50: l['p50'] ?? 0, p95: l['p97_5'] ?? l['p95'] ?? 0, p99: l['p99'] ?? 0, rps: r.requests.average };
}

function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += String(d);
      if (ready.test(out)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${out.slice(-500)}`)));
  });
}

/**
 * The import's baseline: the very rows the importer wrote, COPYed in one transaction into empty
 * tables made like the real ones (same columns and indexes), twice: without foreign keys (what
 * `like ... including all` gives), and with the same foreign keys as the real tables, which is
 * what any importer that keeps the references sound must pay (docs/performance.md).
 */
async function copyBaseline(url: string): Promise<{ plain: number; withForeignKeys: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = ['organisations', 'register_providers', 'register_locations', 'ratings', 'reports'];
    const payloads: { table: string; columns: string; data: Buffer }[] = [];
    for (const t of tables) {
      await client.query(`create table copy_${t} (like ${t} including all)`);
      await client.query(`create table fk_${t} (like ${t} including all)`);
      const cols = (await client.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [t])).rows.map((r) => r.column_name).join(', ');
      // Export through a query (COPY TO needs a stream too): text format built by PostgreSQL itself.
      const rows = await client.query<{ line: string }>(`select concat_ws(E'\\t', ${cols.split(', ').map((c) => `coalesce(replace(replace(replace(${c}::text, E'\\\\', E'\\\\\\\\'), E'\\t', E'\\\\t'), E'\\n', E'\\\\n'), E'\\\\N')`).join(', ')}) as line from ${t}`);
      payloads.push({ table: t, columns: cols, data: Buffer.from(rows.rows.map((r) => r.line).join('\n') + '\n') });
    }
    // The real tables' foreign keys, pointing at the copies where the referenced table is copied too.
    for (const t of tables) {
      const fks = await client.query<{ def: string }>(`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass and contype = 'f'`, [t]);
      for (const { def } of fks.rows) {
        const pointed = def.replace(/REFERENCES (\w+)\(/, (m, ref: string) => (tables.includes(ref) ? `REFERENCES fk_${ref}(` : m));
        await client.query(`alter table fk_${t} add ${pointed}`);
      }
    }
    const timed = async (prefix: string) => {
      const started = process.hrtime.bigint();
      await client.query('begin');
      for (const p of payloads) await copyFrom(client, `copy ${prefix}${p.table} (${p.columns}) from stdin`, p.data);
      await client.query('commit');
      return Number(process.hrtime.bigint() - started) / 1e9;
    };
    const plain = await timed('copy_');
    const withForeignKeys = await timed('fk_');
    return { plain, withForeignKeys };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv[2] === '--bare-server') return bareServer(process.argv[3] as string, Number(process.argv[4]));
  const adminUrl = config.databaseUrl ?? (await ensureEmbeddedPostgres({ projectRoot: config.projectRoot, port: config.embeddedPgPort, dataDir: config.embeddedPgDir })).url('postgres');
  // BENCH_DATABASE: measure serving only, on a database an earlier run kept (BENCH_KEEP=1).
  const reuse = process.env['BENCH_DATABASE'];
  const name = reuse ? new URL(reuse).pathname.slice(1) : `inspectorate_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'register-bench-'));
  const children: ChildProcess[] = [];
  let importRatio = Number.NaN;
  try {
    const handle = createDb(url, { max: 4 });
    await migrateToLatest(handle.db);
    if (!reuse) {
      process.stdout.write(`Generating ${N.toLocaleString('en-GB')} locations and ${Math.ceil(N / 3).toLocaleString('en-GB')} providers from ${config.dataDir} ...\n`);
      const locFile = path.join(tmp, 'locations.ndjson');
      const provFile = path.join(tmp, 'providers.ndjson');
      await writeLines(locFile, generateLocations(config.dataDir));
      await writeLines(provFile, generateProviders(config.dataDir));
      const ctx = { db: handle.db, actor: systemActor('bench'), correlationId: 'bench', clock: systemClock, config, logger: createLogger('silent') };
      const t0 = process.hrtime.bigint();
      const provs = await importCqcProviders(ctx, provFile, { rejectsDir: tmp });
      const locs = await importCqcLocations(ctx, locFile, { rejectsDir: tmp });
      const importSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await new pg.Client({ connectionString: url }).connect().then(async (c) => { await c.query('vacuum analyze'); await c.end(); });
      const counts = (await handle.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      process.stdout.write(`Imported ${locs.inserted} locations, ${provs.inserted} providers, ${counts} ratings in ${importSeconds.toFixed(1)} s\n`);
      const copy = await copyBaseline(url);
      process.stdout.write(`Raw COPY of the same rows: ${copy.withForeignKeys.toFixed(1)} s into tables with the same foreign keys, ${copy.plain.toFixed(1)} s without them\n`);
      process.stdout.write(`import speed / raw COPY speed: ${(copy.withForeignKeys / importSeconds).toFixed(2)} (with the same foreign keys), ${(copy.plain / importSeconds).toFixed(2)} (without)\n`);
      importRatio = copy.withForeignKeys / importSeconds;
    }
    if (process.env['BENCH_IMPORT_ONLY'] === '1') {
      await handle.close();
      return;
    }
    // Postcode districts' centroids, for "near a postcode" searches (the GP practice import loads them too).
    await refreshPostcodeDistricts(handle.db, path.join(config.dataDir, 'postcode-centroids', 'uk_outcodes_2014.csv'));
    const mix = await searchMix(handle.db);
    await handle.close();

    const appPort = 3200 + Math.floor(Math.random() * 500);
    const barePort = appPort + 1;
    const env = { DATABASE_URL: url, PORT: String(appPort), DEMO: 'false', PUBLIC_API_RATE_LIMIT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production', COOKIE_SECURE: 'false' };
    children.push(await startChild(['bin/inspectorate.js', 'serve', '--no-worker'], env, /listening|http:\/\/127\.0\.0\.1/i));
    children.push(await startChild(['--import', 'tsx', 'bench/register.ts', '--bare-server', url, String(barePort)], env, /ready/));
    const app = `http://127.0.0.1:${appPort}`;
    const bare = `http://127.0.0.1:${barePort}`;
    const locationId = '1-9000000007';
    const targets: [string, string, string | null][] = [
      ['search page', `${app}/locations?q=${SEARCH.q}`, `${bare}/search`],
      ['search API', `${app}/public/v1/locations?region=North%20West&perPage=100`, `${bare}/api`],
      ['location page', `${app}/locations/${locationId}`, `${bare}/location/${locationId}`],
    ];
    const rows: string[] = [];
    const ratios: Record<string, number> = {};
    const fmt = (m: Measured) => `p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  ${Math.round(m.rps)} req/s`;
    for (const [label, target, baseline] of targets) {
      for (const c of [10, 50]) {
        const m = await measure(target, c);
        const b = baseline ? await measure(baseline, c) : null;
        rows.push(`${label.padEnd(14)} c=${String(c).padEnd(3)} app:  ${fmt(m)}`);
        if (b) rows.push(`${''.padEnd(14)} c=${String(c).padEnd(3)} bare: ${fmt(b)}   ratio ${(m.rps / b.rps).toFixed(2)}`);
        ratios[`${label} c=${c} rps`] = m.rps;
        ratios[`${label} c=${c} p95`] = m.p95;
        if (b) ratios[`${label} c=${c} ratio`] = m.rps / b.rps;
      }
    }
    // Issue 13, item 8: a different search on each request (town names, postcodes, provider names,
    // broad words, deep pages reached by the Next link), and a different location on each request,
    // each against a bare route running the same reads. `r` makes every URL new, so the page cache
    // serves none of them.
    const varying: [string, (i: number) => string, (i: number) => string][] = [
      ['location page, a different location each request', (i) => `/locations/${locationAt(i)}?r=${i}`, (i) => `/location/${locationAt(i)}?r=${i}`],
      ['search page, a different search each request', (i) => `/locations?${mix[i % mix.length]}&r=${i}`, (i) => `/search-page?${mix[i % mix.length]}&r=${i}`],
    ];
    // At 10 connections (the goals' figures) the app and its bare route are measured in PAIRS
    // alternating pairs and the goals take the median pair: one pair's ratio moves by 10-25% from run to
    // run on this machine (docs/performance.md), in either direction. Every pair is printed.
    for (const [label, pathFor, barePathFor] of varying) {
      for (const c of [10, 50]) {
        const pairs: { m: Measured; b: Measured }[] = [];
        for (let k = 0; k < (c === 10 ? PAIRS : 1); k++) pairs.push({ m: await measure(app, c, pathFor), b: await measure(bare, c, barePathFor) });
        for (const [k, { m, b }] of pairs.entries())
          rows.push(`${label} c=${c}${pairs.length > 1 ? ` (pair ${k + 1} of ${pairs.length})` : ''}\n${''.padEnd(14)}       app:  ${fmt(m)}\n${''.padEnd(14)}       bare: ${fmt(b)}   ratio ${(m.rps / b.rps).toFixed(2)}`);
        const ratio = median(pairs.map(({ m, b }) => m.rps / b.rps)) ?? Number.NaN;
        const p95 = median(pairs.map(({ m }) => m.p95)) ?? Number.NaN;
        if (pairs.length > 1) rows.push(`${''.padEnd(14)}       median of the ${pairs.length} pairs: app p97.5 ${p95.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
        ratios[`${label} c=${c} p95`] = p95;
        ratios[`${label} c=${c} ratio`] = ratio;
      }
    }
    process.stdout.write(`\nServing (${SECONDS} s per run, autocannon; p95 column is autocannon's p97.5 when p95 is not reported)\n${rows.join('\n')}\n`);
    process.stdout.write('\nGoals (ratios to the baselines of this run)\n');
    const goal = (text: string, value: number, ok: boolean) => process.stdout.write(`  ${ok ? 'MET ' : 'MISS'} ${text}: ${value.toFixed(2)}\n`);
    const S = 'search page, a different search each request';
    const L = 'location page, a different location each request';
    if (Number.isNaN(importRatio)) process.stdout.write('  (the import was not measured: serving only, on a kept database)\n');
    else goal('import speed / raw COPY speed (same foreign keys) >= 0.7', importRatio, importRatio >= 0.7);
    goal(`${S}: p97.5 at 10 connections < 100 ms`, ratios[`${S} c=10 p95`] ?? 0, (ratios[`${S} c=10 p95`] ?? 999) < 100);
    goal(`${S}: rps / bare route rps at 10 connections >= 0.5`, ratios[`${S} c=10 ratio`] ?? 0, (ratios[`${S} c=10 ratio`] ?? 0) >= 0.5);
    goal(`${L}: rps / bare route rps at 10 connections >= 0.8`, ratios[`${L} c=10 ratio`] ?? 0, (ratios[`${L} c=10 ratio`] ?? 0) >= 0.8);
    goal('search API rps / bare route rps at 50 connections >= 0.5', ratios['search API c=50 ratio'] ?? 0, (ratios['search API c=50 ratio'] ?? 0) >= 0.5);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (process.env['BENCH_KEEP'] === '1' || reuse) process.stdout.write(`Kept the database: ${url}\n`);
    else await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
