/**
 * `.ci/run` runs the integration tier twice: in `npm test` on the embedded PostgreSQL, and beside it
 * against the machine's PostgreSQL server (DATABASE_URL), with INSPECTORATE_TEST_DATABASE_ONLY=1.
 * A test that never reaches that server (it starts an embedded PostgreSQL of its own, or no database
 * at all) would only repeat, in the second run, what the first one proved: it is skipped there.
 */
export const databaseOnlyRun = process.env['INSPECTORATE_TEST_DATABASE_ONLY'] === '1';
