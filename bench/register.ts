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
 * Options: BENCH_LOCATIONS (default 90000), BENCH_SECONDS (default 8), BENCH_IMPORT_ONLY=1 (stop after
 * the import and its COPY baseline), BENCH_KEEP=1 (keep the database afterwards, for EXPLAIN; drop it yourself).
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
import { findRegisterLocation, listLocationsPage, searchLocations } from '../src/data/repositories/register.repository.js';
import { createLogger } from '../src/logger.js';
import { systemActor, systemClock } from '../src/services/context.js';
import { importCqcLocations, importCqcProviders } from '../src/services/import/cqc-api.import.js';
import { copyFrom } from '../src/data/pg-copy.js';

const N = Number(process.env['BENCH_LOCATIONS'] ?? 90_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const SEARCH = { q: 'luton', sort: 'relevance' as const };
const API_FILTER = { region: 'North West' };

async function bareServer(url: string, port: number): Promise<void> {
  const { db } = createDb(url, { max: 10 });
  const app = Fastify();
  app.get('/search', async () => searchLocations(db, { q: SEARCH.q, registeredOnly: true }, { sort: SEARCH.sort, limit: 20, offset: 0 }));
  app.get('/api', async () => listLocationsPage(db, API_FILTER, 100, 0));
  app.get<{ Params: { id: string } }>('/location/:id', async (req) => findRegisterLocation(db, req.params.id));
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

interface Measured {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

async function measure(url: string, connections: number, pathFor?: (i: number) => string): Promise<Measured> {
  let i = 0;
  // With pathFor, every request asks for a different page (rendered pages are reused per URL, see ADR 0004).
  const requests = pathFor ? [{ setupRequest: (req: { path?: string }) => ({ ...req, path: pathFor(i++) }) }] : undefined;
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

async function copyBaseline(url: string): Promise<number> {
  // The very rows the importer wrote, COPYed into identical empty tables (same indexes).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = ['organisations', 'register_providers', 'register_locations', 'ratings', 'reports'];
    const payloads: { table: string; columns: string; data: Buffer }[] = [];
    for (const t of tables) {
      await client.query(`create table copy_${t} (like ${t} including all)`);
      const cols = (await client.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [t])).rows.map((r) => r.column_name).join(', ');
      // Export through a query (COPY TO needs a stream too): text format built by PostgreSQL itself.
      const rows = await client.query<{ line: string }>(`select concat_ws(E'\\t', ${cols.split(', ').map((c) => `coalesce(replace(replace(replace(${c}::text, E'\\\\', E'\\\\\\\\'), E'\\t', E'\\\\t'), E'\\n', E'\\\\n'), E'\\\\N')`).join(', ')}) as line from ${t}`);
      payloads.push({ table: t, columns: cols, data: Buffer.from(rows.rows.map((r) => r.line).join('\n') + '\n') });
    }
    const started = process.hrtime.bigint();
    await client.query('begin');
    for (const p of payloads) await copyFrom(client, `copy copy_${p.table} (${p.columns}) from stdin`, p.data);
    await client.query('commit');
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv[2] === '--bare-server') return bareServer(process.argv[3] as string, Number(process.argv[4]));
  const adminUrl = config.databaseUrl ?? (await ensureEmbeddedPostgres({ projectRoot: config.projectRoot, port: config.embeddedPgPort, dataDir: config.embeddedPgDir })).url('postgres');
  const name = `inspectorate_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'register-bench-'));
  const children: ChildProcess[] = [];
  try {
    const handle = createDb(url, { max: 4 });
    await migrateToLatest(handle.db);
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
    const copySeconds = await copyBaseline(url);
    process.stdout.write(`Raw COPY of the same rows: ${copySeconds.toFixed(1)} s\n`);
    await handle.close();
    if (process.env['BENCH_IMPORT_ONLY'] === '1') {
      process.stdout.write(`import speed / raw COPY speed: ${(copySeconds / importSeconds).toFixed(2)}\n`);
      return;
    }

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
    // The same pages when every request asks for a different one: the cost of rendering, uncached.
    const towns = ['luton', 'oldham', 'london', 'leeds', 'bristol', 'kent', 'surrey', 'essex', 'care', 'practice', 'house', 'road'];
    const varying: [string, (i: number) => string][] = [
      ['location page, a different location each request', (i) => `/locations/1-9${String((i * 7919) % N).padStart(9, '0')}`],
      ['search page, a different query each request', (i) => `/locations?q=${towns[i % towns.length]}&page=${1 + (Math.floor(i / towns.length) % 1000)}`],
    ];
    // Keyset paging (issue 13, item 8): deep pages of the whole register in name order, by typed page
    // number (OFFSET) and by the Next link's key. `r` makes each URL new, so no page is served from the cache.
    const keyed = new pg.Client({ connectionString: url });
    await keyed.connect();
    const names = (await keyed.query<{ n: string; id: string }>(`select lower(name) as n, location_id as id from register_locations where registration_status = 'Registered' order by lower(name), location_id`)).rows;
    await keyed.end();
    const deepPages = Array.from({ length: 200 }, (_, k) => 300 + k).filter((p) => (p - 1) * 20 - 1 < names.length);
    const cursorFor = (p: number) => Buffer.from(JSON.stringify([names[(p - 1) * 20 - 1]!.n, names[(p - 1) * 20 - 1]!.id]), 'utf8').toString('base64url');
    if (deepPages.length) {
      varying.push(
        ['search page, deep pages 300-499 by page number (OFFSET)', (i) => `/locations?sort=name&page=${deepPages[i % deepPages.length]}&r=${i}`],
        ['search page, the same deep pages by the Next link (keyset)', (i) => `/locations?sort=name&page=${deepPages[i % deepPages.length]}&after=${cursorFor(deepPages[i % deepPages.length]!)}&r=${i}`],
      );
    }
    for (const [label, pathFor] of varying) {
      for (const c of [10, 50]) {
        const m = await measure(app, c, pathFor);
        rows.push(`${label} c=${c}\n${''.padEnd(14)}       app:  ${fmt(m)}`);
        ratios[`${label} c=${c} rps`] = m.rps;
      }
    }
    process.stdout.write(`\nServing (${SECONDS} s per run, autocannon; p95 column is autocannon's p97.5 when p95 is not reported)\n${rows.join('\n')}\n`);
    process.stdout.write('\nGoals (ratios to the baselines of this run)\n');
    const goal = (text: string, value: number, ok: boolean) => process.stdout.write(`  ${ok ? 'MET ' : 'MISS'} ${text}: ${value.toFixed(2)}\n`);
    const importRatio = copySeconds / importSeconds;
    goal('import speed / raw COPY speed >= 0.5', importRatio, importRatio >= 0.5);
    goal('search page rps / bare route rps at 50 connections >= 0.5', ratios['search page c=50 ratio'] ?? 0, (ratios['search page c=50 ratio'] ?? 0) >= 0.5);
    goal('search API rps / bare route rps at 50 connections >= 0.5', ratios['search API c=50 ratio'] ?? 0, (ratios['search API c=50 ratio'] ?? 0) >= 0.5);
    goal('search page p95 at 10 connections < 25 ms', ratios['search page c=10 p95'] ?? 0, (ratios['search page c=10 p95'] ?? 99) < 25);
    goal('location page rps at 50 connections >= 1000', ratios['location page c=50 rps'] ?? 0, (ratios['location page c=50 rps'] ?? 0) >= 1000);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (process.env['BENCH_KEEP'] === '1') process.stdout.write(`Kept the database: ${url}\n`);
    else await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
