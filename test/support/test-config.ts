import { loadConfig, type Config } from '../../src/config.js';

/** Configuration for tests: the real loader, with test-friendly overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent' });
  return { ...base, demo: false, cookieSecure: false, ...overrides };
}
