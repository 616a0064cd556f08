import { loadConfig, type Config } from '../../src/config.js';

/** Configuration for tests: the real loader, with test-friendly overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Vite sets process.env.BASE_URL to '/' (its asset base) inside vitest: that is not our BASE_URL.
  const baseUrl = process.env['BASE_URL'] === '/' ? undefined : process.env['BASE_URL'];
  const base = loadConfig({ ...process.env, BASE_URL: baseUrl, NODE_ENV: 'test', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent' });
  return { ...base, demo: false, cookieSecure: false, ...overrides };
}
