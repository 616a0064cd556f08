/**
 * One way to get a Chromium, for PDF rendering, browser tests and anything else: a system Chromium
 * (Debian's `chromium`) when installed, otherwise the binary that ships inside the @sparticuz/chromium
 * npm package, so `npm install` alone is enough.
 *
 * The npm binary is unpacked into the project's own data folder (`.data/chromium/<version>`, or
 * CHROMIUM_DIR), never into the shared temp directory, and never in place: each process unpacks into
 * a private staging folder, records the size and SHA-256 of every file it wrote, and renames the
 * folder into place only when complete. Before its first use in a process the unpacked copy is
 * checked against that record (and against the package it came from); a truncated, altered or
 * half-written copy is moved aside and unpacked again. Two processes starting together each unpack
 * and the first rename wins, so neither ever sees a partial binary.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '../config.js';
import { pidAlive } from './process-alive.js';
import { escapeHtml } from '../domain/shared/escape-html.js';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const COMMON_FLAGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SYSTEM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', ...COMMON_FLAGS, '--no-first-run', '--disable-dev-shm-usage'];

export interface LaunchOptions {
  /** Folder the npm Chromium is unpacked under (default CHROMIUM_DIR or `<project>/.data/chromium`). */
  dir?: string;
  /**
   * For a browser kept open across many pages and contexts (the PDF renderer): the npm binary is started
   * without --single-process, in which closing one context closes the whole browser.
   */
  keepWarm?: boolean;
  /** Ignore a system Chromium (tests of the npm path). */
  packagedOnly?: boolean;
  /**
   * Playwright closes the browser on SIGINT, SIGTERM and SIGHUP (and ends the process with code 130 on
   * Ctrl+C): right for a test run or a one-off command (default true). A process that stops in order
   * (the worker: running renders finish, then it closes the browser) passes false.
   */
  closeOnSignals?: boolean;
}

export class ChromiumUnavailableError extends Error {}

interface FileRecord {
  size: number;
  sha256: string;
}

/** What was unpacked, from which package files: checked before first use in each process. */
interface Manifest {
  version: string;
  /** Size and SHA-256 of each compressed file of the package the copy came from. */
  sources: Record<string, FileRecord>;
  /** Size and SHA-256 of every file unpacked, by path relative to the version folder. */
  files: Record<string, FileRecord>;
}

const MANIFEST = 'manifest.json';
const SOURCES = ['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br'] as const;

export function systemChromium(): string | undefined {
  return SYSTEM_CHROMIUM.find((p) => existsSync(p));
}

export function defaultChromiumDir(): string {
  // Read once here, as config.ts does for the rest: the platform layer has no Config at hand in tests.
  const configured = process.env['CHROMIUM_DIR']?.trim();
  return configured ? path.resolve(configured) : path.join(projectRoot, '.data', 'chromium');
}

function packageDir(): { bin: string; version: string } {
  const pkgJson = path.join(projectRoot, 'node_modules', '@sparticuz', 'chromium', 'package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return { bin: path.join(path.dirname(pkgJson), 'bin'), version };
}

async function hashFile(file: string): Promise<FileRecord> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, r)));
    else if (entry.isFile() && r !== MANIFEST) out.push(r);
  }
  return out.sort();
}

/** Size first (cheap; catches truncation), then the checksum of every file. */
async function verify(versionDir: string, sources: Record<string, FileRecord>): Promise<string | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(versionDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return 'no manifest';
  }
  for (const [name, rec] of Object.entries(sources)) {
    if (manifest.sources[name]?.sha256 !== rec.sha256) return `made from a different ${name}`;
  }
  for (const [rel, rec] of Object.entries(manifest.files)) {
    const st = await fs.stat(path.join(versionDir, rel)).catch(() => null);
    if (!st) return `${rel} is missing`;
    if (st.size !== rec.size) return `${rel} is ${st.size} bytes, not ${rec.size}`;
  }
  for (const [rel, rec] of Object.entries(manifest.files)) {
    if ((await hashFile(path.join(versionDir, rel))).sha256 !== rec.sha256) return `${rel} does not match its checksum`;
  }
  return null;
}

async function sourceRecords(bin: string): Promise<Record<string, FileRecord>> {
  const out: Record<string, FileRecord> = {};
  for (const name of SOURCES) out[name] = await hashFile(path.join(bin, name));
  return out;
}

async function unpackInto(staging: string, bin: string, version: string, sources: Record<string, FileRecord>): Promise<void> {
  const { extract } = await import('tar-fs');
  await fs.mkdir(staging, { recursive: true });
  await pipeline(createReadStream(path.join(bin, 'chromium.br')), createBrotliDecompress({ chunkSize: 1 << 21 }), createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 }));
  await pipeline(createReadStream(path.join(bin, 'swiftshader.tar.br')), createBrotliDecompress(), extract(staging));
  await pipeline(createReadStream(path.join(bin, 'fonts.tar.br')), createBrotliDecompress(), extract(staging));
  // The package's own fonts.conf names /tmp/fonts; this one names the unpacked fonts and keeps the system's.
  const fontsDir = path.join(staging, 'fonts');
  await fs.mkdir(fontsDir, { recursive: true });
  await fs.writeFile(
    path.join(fontsDir, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>FONTS_DIR</dir>\n</fontconfig>\n`,
  );
  const files: Record<string, FileRecord> = {};
  for (const rel of await listFiles(staging)) files[rel] = await hashFile(path.join(staging, rel));
  const manifest: Manifest = { version, sources, files };
  await fs.writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
}

/** Staging folders of processes that died mid-unpack, and copies moved aside as broken. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const m = /^\.(?:staging|broken)-(\d+)-/.exec(name);
    if (m && (Number(m[1]) === process.pid || !pidAlive(Number(m[1])))) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  }
}

const verified = new Map<string, Promise<string>>();

/**
 * The path of a checked, complete npm Chromium under `dir`, unpacking it first when it is missing
 * or fails its check. Checked once per process (call `forgetVerifiedChromium` to check again).
 */
export function packagedChromiumPath(dir: string = defaultChromiumDir()): Promise<string> {
  const key = path.resolve(dir);
  let p = verified.get(key);
  if (!p) {
    p = ensurePackagedChromium(key).catch((e: unknown) => {
      verified.delete(key);
      throw e;
    });
    verified.set(key, p);
  }
  return p;
}

export function forgetVerifiedChromium(dir: string = defaultChromiumDir()): void {
  verified.delete(path.resolve(dir));
}

async function ensurePackagedChromium(dir: string): Promise<string> {
  const { bin, version } = packageDir();
  const versionDir = path.join(dir, version);
  const sources = await sourceRecords(bin);
  await fs.mkdir(dir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const problem = existsSync(versionDir) ? await verify(versionDir, sources) : 'not unpacked yet';
    if (problem === null) return path.join(versionDir, 'chromium');
    if (attempt > 3) throw new ChromiumUnavailableError(`the npm Chromium in ${versionDir} could not be unpacked (${problem})`);
    if (existsSync(versionDir)) {
      // Move the bad copy aside (atomically), so no process picks it up again; another process may have done so already.
      const aside = path.join(dir, `.broken-${process.pid}-${randomBytes(4).toString('hex')}`);
      await fs.rename(versionDir, aside).catch(() => undefined);
    }
    await removeLeftovers(dir);
    const staging = path.join(dir, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await unpackInto(staging, bin, version, sources);
      const conf = path.join(staging, 'fonts', 'fonts.conf');
      await fs.writeFile(conf, (await fs.readFile(conf, 'utf8')).replace('FONTS_DIR', escapeHtml(path.join(versionDir, 'fonts'))));
      await rehash(staging, 'fonts/fonts.conf');
      await fs.rename(staging, versionDir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTEMPTY/EEXIST: another process finished first; its copy is checked on the next pass.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') {
        await fs.rm(staging, { recursive: true, force: true });
        throw e;
      }
    }
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function rehash(staging: string, rel: string): Promise<void> {
  const file = path.join(staging, MANIFEST);
  const manifest = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
  manifest.files[rel] = await hashFile(path.join(staging, rel));
  await fs.writeFile(file, JSON.stringify(manifest, null, 2));
}


async function packagedArgs(keepWarm: boolean): Promise<string[]> {
  const { default: packaged } = await import('@sparticuz/chromium');
  const args = keepWarm ? packaged.args.filter((a) => a !== '--single-process' && a !== '--no-zygote') : packaged.args;
  return [...args, ...COMMON_FLAGS];
}

function signals(closeOnSignals: boolean): { handleSIGINT: boolean; handleSIGTERM: boolean; handleSIGHUP: boolean } {
  return { handleSIGINT: closeOnSignals, handleSIGTERM: closeOnSignals, handleSIGHUP: closeOnSignals };
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const own = signals(opts.closeOnSignals ?? true);
  const system = opts.packagedOnly ? undefined : systemChromium();
  if (system) return chromium.launch({ executablePath: system, headless: true, args: SYSTEM_FLAGS, ...own });
  const dir = opts.dir ?? defaultChromiumDir();
  const args = await packagedArgs(opts.keepWarm ?? false);
  const launch = async () => {
    const executablePath = await packagedChromiumPath(dir);
    const env = { ...process.env, FONTCONFIG_FILE: path.join(path.dirname(executablePath), 'fonts', 'fonts.conf') } as Record<string, string>;
    return chromium.launch({ executablePath, headless: true, args, env, ...own });
  };
  try {
    return await launch();
  } catch (first) {
    // The copy checked at first use may have been damaged since: check it again (unpacking when needed) and try once more.
    forgetVerifiedChromium(dir);
    try {
      return await launch();
    } catch {
      throw first;
    }
  }
}
