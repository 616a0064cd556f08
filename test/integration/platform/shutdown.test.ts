/**
 * `npm start` stopped with SIGTERM (what a service manager or `.ci/run` sends) or with Ctrl+C (SIGINT
 * to the terminal's whole process group): it drains requests, stops the worker, closes the Chromium
 * the PDF job keeps warm and stops the embedded PostgreSQL it started, within 10 seconds, and leaves
 * no process behind and nothing listening. Ctrl+C once reached the embedded PostgreSQL too, which
 * then cut every connection while requests were still draining (and the log filled with warnings).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { alive, descendants, freePort, inGroup, listening } from '../../support/processes.js';
import { databaseOnlyRun } from '../../support/run-kind.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-shutdown-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const STOPS = [
  ['SIGTERM to the process (a service manager)', (pid: number) => process.kill(pid, 'SIGTERM')],
  ['Ctrl+C (SIGINT to the whole process group, as a terminal sends it)', (pid: number) => process.kill(-pid, 'SIGINT')],
] as const;

it.skipIf(databaseOnlyRun).each(STOPS)('stops everything within 10 seconds of %s, leaving no process and nothing listening', async (how, stop) => {
  const port = await freePort();
  const pgPort = await freePort();
  const dir = path.join(dataDir, how.split(' ')[0]!);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: path.join(dir, 'postgres'), UPLOAD_DIR: path.join(dir, 'uploads'), LOG_LEVEL: 'warn' };
  delete env['DATABASE_URL'];
  delete env['VITEST'];
  // Its own process group, as `.ci/run` starts it.
  const server = spawn(process.execPath, ['bin/inspectorate.js', 'serve'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitFor('the app to answer /health', async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok, 90_000);
    // The demo world publishes reports, so the worker renders their PDFs with a warm Chromium.
    const chromium = await waitFor('the PDF worker to launch Chromium', () => {
      const found = descendants(server.pid!).filter((p) => /chrom/i.test(p.cmd));
      return found.length > 0 ? found : undefined;
    }, 60_000);
    const postgres = descendants(server.pid!).filter((p) => /bin\/postgres/.test(p.cmd));
    expect(postgres.length).toBeGreaterThan(0);
    const everyone = descendants(server.pid!).map((p) => p.pid);

    // A request in flight when the signal arrives is answered, not cut off.
    const inFlight = fetch(`http://127.0.0.1:${port}/locations?q=Stopsley`).then((r) => r.status);
    const stoppedAt = Date.now();
    stop(server.pid!);
    const { code } = await exited;
    const took = Date.now() - stoppedAt;

    expect(await inFlight).toBe(200);
    expect(code, output).toBe(0);
    expect(took).toBeLessThan(10_000);
    await waitFor('the processes to end', () => alive(everyone).length === 0 && inGroup(server.pid!).length === 0, 5_000).catch(() => undefined);
    expect(alive(everyone), `still running: ${JSON.stringify(descendants(server.pid!))}`).toEqual([]);
    expect(alive(chromium.map((p) => p.pid))).toEqual([]);
    expect(inGroup(server.pid!)).toEqual([]);
    expect(await listening(port)).toBe(false);
    expect(await listening(pgPort)).toBe(false);
    // Connections ended by the shutdown are expected, not warnings; nothing failed.
    expect(output).not.toContain('database connection lost');
    expect(output).not.toMatch(/"level":50/);
  } finally {
    const left = descendants(server.pid!).map((p) => p.pid);
    if (server.exitCode === null) process.kill(-server.pid!, 'SIGKILL');
    for (const pid of alive(left)) process.kill(pid, 'SIGKILL');
  }
}, 200_000);
