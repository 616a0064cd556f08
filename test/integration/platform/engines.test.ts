/**
 * `engines` states the Node.js versions every installed dependency accepts, so `npm install` on any
 * of them (Node.js 20 on this machine) prints no engine warning.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as { subset(a: string, b: string): boolean; satisfies(v: string, r: string): boolean };

/** Every package installed under node_modules (nested ones too), as npm install left them. */
function installed(dir = 'node_modules', out: { name: string; version: string; node?: string }[] = []): typeof out {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const at = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installed(at, out);
      continue;
    }
    const file = path.join(at, 'package.json');
    if (existsSync(file)) {
      const p = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; engines?: Record<string, string> | string[] };
      const node = p.engines && !Array.isArray(p.engines) ? p.engines['node'] : undefined;
      out.push({ name: p.name ?? at, version: p.version ?? '?', ...(node ? { node } : {}) });
    }
    if (existsSync(path.join(at, 'node_modules'))) installed(path.join(at, 'node_modules'), out);
  }
  return out;
}

interface LockPackage {
  version?: string;
  engines?: Record<string, string> | string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };

describe('engines', () => {
  it('the Node.js running the tests is one the project accepts', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it('every package in the lockfile accepts every Node.js version the project promises', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([key, p]) => key !== '' && p.engines && !Array.isArray(p.engines) && p.engines['node'])
      .filter(([, p]) => !semver.subset(pkg.engines.node, (p.engines as Record<string, string>)['node']!))
      .map(([key, p]) => `${key.replace(/^.*node_modules\//, '')}@${p.version} needs node ${(p.engines as Record<string, string>)['node']}`);
    expect(refusing).toEqual([]);
  });

  it('every package installed in node_modules accepts every Node.js version the project promises', () => {
    const all = installed();
    expect(all.length).toBeGreaterThan(300);
    const refusing = all.filter((p) => p.node && !semver.subset(pkg.engines.node, p.node)).map((p) => `${p.name}@${p.version} needs node ${p.node}`);
    expect(refusing).toEqual([]);
    // The two that once made npm install warn on Node.js 20 (issue #18).
    expect(all.filter((p) => p.name === 'content-disposition' || p.name === 'cookie').every((p) => !p.node || semver.satisfies('20.19.0', p.node))).toBe(true);
  });
});
