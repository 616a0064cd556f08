import { defineConfig } from 'vitest/config';

// One config, three tiers. `npx vitest run <file>` runs any single file of any tier:
// each tier's globalSetup starts what it needs (PostgreSQL, the app, the browser).
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // Tiers run one after another: unit, then integration, then browser.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Files share a worker's loaded modules instead of importing the whole app again for each
          // file (most of a file's time); each file still builds its own app over its own database.
          isolate: false,
          globalSetup: ['test/support/database.global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/database.global-setup.ts', 'test/browser/support/app.global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          // Only the page-reading test runs its roles concurrently, two at a time.
          maxConcurrency: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
