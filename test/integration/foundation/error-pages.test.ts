import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/logger.js';
import { buildApp } from '../../../src/web/app.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn } from '../../support/session.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('GOV.UK error pages', () => {
  let database: TestDatabase;
  const lines: Record<string, unknown>[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink) as unknown as Logger;
    app = await buildApp({ config: testConfig(), db: database.db, logger });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('answers a failure with the GOV.UK 500 page whose reference is in the log with the error', async () => {
    const admin = await createUser(database.db, 'providerAdmin');
    const s = await signIn(app, admin);
    await sql`create function fail_outbox() returns trigger language plpgsql as $$ begin raise exception 'mail store unavailable'; end $$`.execute(database.ownerDb);
    await sql`create trigger fail_outbox before insert on outbox_emails for each row execute function fail_outbox()`.execute(database.ownerDb);
    const res = await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Any One', email: 'any.one@test.example' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('<title>Sorry, there is a problem with the service – Inspectorate</title>');
    const reference = /data-testid="error-reference">([^<]+)</.exec(res.body)?.[1];
    expect(reference).toBeTruthy();
    const logged = lines.find((l) => l['reference'] === reference && l['msg'] === 'unhandled error');
    expect(JSON.stringify(logged?.['err'])).toContain('mail store unavailable');
    // The person stays signed in and the page keeps its navigation.
    expect(res.body).toContain('Signed in as');
  });

  it('answers an unknown path with the GOV.UK page not found, signed in or not', async () => {
    const res = await anonymous(app).get('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<title>Page not found – Inspectorate</title>');
    const s = await signIn(app, await createUser(database.db, 'inspector', { name: 'Nia Lost' }));
    const signedIn = await s.get('/no/such/page');
    expect(signedIn.statusCode).toBe(404);
    expect(signedIn.body).toContain('Signed in as <strong>Nia Lost</strong>');
  });
});
