/** The provider portal demo part (issue 19): Stopsley's notifications, Bell House's half-answered return, a care home's refused review request; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProviderPortalDemo } from '../../../src/services/demo/provider-portal.demo.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { createCareWorld } from '../../factories/provider-portal.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { serviceContext } from '../register/register-fixtures.js';
import { signIn } from '../../support/session.js';
import { DEMO_PASSWORD } from '../../../src/services/demo/demo-accounts.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('provider portal demo part', () => {
  it('loads once, and each piece is there for its people', async () => {
    const db = t.database.db;
    const regulator = await createOrganisation(db, 'regulator');
    const stopsley = await createRegisteredPractice(db, { odsCode: 'E81006', name: 'Stopsley Village Practice' });
    const provider = await db.selectFrom('organisations').select('parent_id').where('id', '=', stopsley.organisation.id).executeTakeFirstOrThrow();
    await createUser(db, 'providerAdmin', { organisation: { id: provider.parent_id! }, email: 'sarah.mitchell@nhs.example' });
    await createRegisteredPractice(db, { odsCode: 'E81005', name: 'Bell House Medical Centre' });
    await createCareWorld(db);
    for (const email of ['daniel.osei@inspectorate.example', 'aisha.rahman@inspectorate.example']) await createUser(db, 'inspector', { organisation: regulator, email });
    await createUser(db, 'inspectionManager', { organisation: regulator, email: 'helen.carter@inspectorate.example' });
    const first = await loadProviderPortalDemo(serviceContext(db));
    expect(first[0]).toBe('Stopsley Village Practice notifications: registered manager absence (dealt with) and return added');
    expect(first[1]).toMatch(/^Bell House Medical Centre information return: requested \(PIR-.{4}-.{4}\), half answered by Priya Nair$/);
    expect(first[2]).toMatch(/^Care home rating review request: Bellflower House .*, refused as outside the grounds/);
    expect(await loadProviderPortalDemo(serviceContext(db))).toEqual([
      'Stopsley Village Practice notifications: already there',
      'Bell House Medical Centre information return: already there',
      'Care home rating review request: already there',
    ]);
    const notes = await db.selectFrom('statutory_notifications').select(['type', 'status']).where('organisation_id', '=', stopsley.organisation.id).orderBy('submitted_at').execute();
    expect(notes).toEqual([{ type: 'manager_absence', status: 'closed' }, { type: 'manager_return', status: 'received' }]);
    const priya = await signIn(t.app, { email: 'priya.nair@nhs.example', password: DEMO_PASSWORD });
    const list = await priya.get('/information-returns');
    expect(list.body).toContain('Bell House Medical Centre');
    const returnUrl = /href="(\/information-returns\/[0-9a-f-]+)"/.exec(list.body)?.[1];
    expect((await priya.get(returnUrl!)).body).toContain('6 of 12 questions answered');
    const grace = await signIn(t.app, { email: 'grace.okafor@care.example', password: DEMO_PASSWORD });
    expect((await grace.get('/rating-reviews')).body).toContain('Refused: outside the grounds');
  });
});
