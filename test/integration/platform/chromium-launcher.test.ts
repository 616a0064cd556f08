/**
 * The npm Chromium the project owns: unpacked atomically into its own data folder, checked before
 * first use in each process, unpacked again when damaged. Each case runs real child processes (the
 * way `npm start`, the worker and the tests start) on a temporary data folder of its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseOnlyRun } from '../../support/run-kind.js';

const CHILD = path.resolve('test/support/render-pdf.child.ts');
const VERSION = '147.0.0';
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-chromium-test-'));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function renderIn(dir: string, opts: { killAfterMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (opts.killAfterMs !== undefined) {
      // Stop it the way Ctrl+C during the first `npm start` would, but harder: no chance to clean up.
      const timer = setInterval(() => {
        const staging = existsSync(dir) ? readdirSync(dir).find((n) => n.startsWith('.staging-')) : undefined;
        if (staging && existsSync(path.join(dir, staging, 'chromium'))) {
          clearInterval(timer);
          setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
        }
      }, 20);
      child.on('exit', () => clearInterval(timer));
    }
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function expectPdf(run: Run): void {
  expect(run.stderr + run.stdout).toMatch(/PDF \d+ %PDF-/);
  expect(run.code).toBe(0);
}

function binary(dir: string): string {
  return path.join(dir, VERSION, 'chromium');
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n !== VERSION);
}

describe.skipIf(databaseOnlyRun)('the npm Chromium launcher', () => {
  it('two processes starting at once on an empty data folder both render a PDF, and one complete copy is left', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([renderIn(dir), renderIn(dir)]);
    expectPdf(a);
    expectPdf(b);
    expect(statSync(binary(dir)).size).toBeGreaterThan(150_000_000);
    expect(leftovers(dir)).toEqual([]);
  }, 180_000);

  it('renders a PDF after the binary it uses was truncated, unpacking it again', async () => {
    const dir = tempDir();
    expectPdf(await renderIn(dir));
    const full = statSync(binary(dir)).size;
    await fs.truncate(binary(dir), 36 * 1024 * 1024);
    expectPdf(await renderIn(dir));
    expect(statSync(binary(dir)).size).toBe(full);
  }, 180_000);

  it('renders a PDF after a binary of the right size was altered', async () => {
    const dir = tempDir();
    expectPdf(await renderIn(dir));
    const handle = await fs.open(binary(dir), 'r+');
    await handle.write(Buffer.alloc(4096, 0), 0, 4096, 1_000_000);
    await handle.close();
    expectPdf(await renderIn(dir));
  }, 180_000);

  it('renders a PDF after the first start was killed halfway through unpacking', async () => {
    const dir = tempDir();
    const killed = await renderIn(dir, { killAfterMs: 300 });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(binary(dir))).toBe(false);
    expectPdf(await renderIn(dir));
    expect(leftovers(dir)).toEqual([]);
  }, 180_000);
});
