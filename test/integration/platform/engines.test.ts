/**
 * `engines` states the Node.js versions every installed dependency accepts, so `npm install` on any
 * of them (Node.js 20 on this machine) prints no engine warning.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as { subset(a: string, b: string): boolean; satisfies(v: string, r: string): boolean };

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
});
