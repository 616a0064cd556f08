/**
 * Ctrl+C on a one-off command that started the embedded PostgreSQL (here loading the demo world):
 * the command stops at once and so does the database server it started, leaving nothing
 * listening. The server runs in a process group of its own (so Ctrl+C on `npm start` reaches only
 * the app, which stops it in order), so the command itself must stop it.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { alive, descendants, freePort, listening } from '../../support/processes.js';
import { databaseOnlyRun } from '../../support/run-kind.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-cli-interrupted-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it.skipIf(databaseOnlyRun)('Ctrl+C on a command that started the embedded PostgreSQL stops both, leaving nothing listening', async () => {
  const pgPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: path.join(dir, 'postgres'), UPLOAD_DIR: path.join(dir, 'uploads') };
  delete env['DATABASE_URL'];
  delete env['VITEST'];
  // Its own process group, as a terminal runs it.
  const command = spawn(process.execPath, ['bin/inspectorate.js', 'demo', 'load'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  command.stdout.on('data', (d: Buffer) => (output += d.toString()));
  command.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => command.on('exit', (code) => resolve(code)));
  let postgres: number[] = [];
  try {
    // The command has started its database and is at work (the schema, then the demo world).
    await waitFor('the command to start the embedded PostgreSQL', async () => command.exitCode !== null || (await listening(pgPort)), 90_000);
    expect(command.exitCode, output).toBeNull();
    expect(await listening(pgPort)).toBe(true);
    postgres = descendants(command.pid!).filter((p) => /bin\/postgres/.test(p.cmd)).map((p) => p.pid);
    expect(postgres.length).toBeGreaterThan(0);

    process.kill(-command.pid!, 'SIGINT');
    expect(await exited, output).toBe(130);
    expect(output).toContain('inspectorate: stopped (SIGINT)');
    // PostgreSQL writes a shutdown checkpoint of what the demo load left unwritten: on a loaded
    // machine that took over 10 s (CI, 2026-12-07). What matters is that it does stop; how fast is
    // not asserted here (timings belong in bench/).
    await waitFor('the embedded PostgreSQL to stop', async () => alive(postgres).length === 0 && !(await listening(pgPort)), 60_000);
  } finally {
    if (command.exitCode === null) process.kill(-command.pid!, 'SIGKILL');
    // A server left behind (the failure this test is about) is stopped, not left running.
    for (const pid of alive(postgres)) process.kill(pid, 'SIGINT');
  }
}, 180_000);
