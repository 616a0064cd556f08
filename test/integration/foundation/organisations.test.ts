import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** The invitation link in the newest email to this address. */
async function invitationLink(t: TestApp, to: string): Promise<string> {
  const email = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const url = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec(email.text_body)?.[0];
  if (!url) throw new Error(`no invitation link in: ${email.text_body}`);
  return new URL(url).pathname;
}

describe('organisations and their people', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('shows a provider user their own organisation, its locations and their colleagues', async () => {
    const provider = await createOrganisation(t.database.db, 'provider', { name: 'Lea Valley Practice' });
    await createOrganisation(t.database.db, 'location', { parent_id: provider.id, name: 'Lea Valley Surgery' });
    const me = await createUser(t.database.db, 'providerUser', { organisation: provider });
    await createUser(t.database.db, 'providerAdmin', { organisation: provider, name: 'Olu Adebayo' });
    const s = await signIn(t.app, me);
    const res = await s.get('/organisation');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Lea Valley Practice – Inspectorate</title>');
    expect(res.body).toContain('Lea Valley Surgery');
    expect(res.body).toContain('Olu Adebayo');
    // Not an admin: no invitation button.
    expect(res.body).not.toContain('Invite someone');
    expect((await s.get(`/organisations/${provider.id}/invite`)).statusCode).toBe(404);
  });

  it('answers 404 when a provider user asks for another organisation’s page, exactly as for one that does not exist', async () => {
    const me = await createUser(t.database.db, 'providerAdmin');
    const other = await createOrganisation(t.database.db, 'provider', { name: 'Somebody Else’s Practice' });
    const otherPerson = await createUser(t.database.db, 'providerUser', { organisation: other });
    const s = await signIn(t.app, me);
    const res = await s.get(`/organisations/${other.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toContain('Somebody Else');
    expect((await s.get('/organisations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await s.get(`/organisations/${other.id}/people/${otherPerson.id}`)).statusCode).toBe(404);
    // Nor can they act on it by posting directly.
    const remove = await s.post(`/organisations/${other.id}/people/${otherPerson.id}/remove`, {});
    expect(remove.statusCode).toBe(404);
    const still = await t.database.db.selectFrom('users').select('status').where('id', '=', otherPerson.id).executeTakeFirstOrThrow();
    expect(still.status).toBe('active');
  });

  it('lets regulator staff view any organisation, and asks anonymous visitors to sign in', async () => {
    const org = await createOrganisation(t.database.db, 'commissioner', { name: 'NHS Test Valley ICB' });
    const inspector = await signIn(t.app, await createUser(t.database.db, 'inspector'));
    const res = await inspector.get(`/organisations/${org.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('NHS Test Valley ICB');
    const anon = await anonymous(t.app).get(`/organisations/${org.id}`);
    expect(anon.statusCode).toBe(302);
    expect(TestSession.location(anon)).toContain('/sign-in?returnTo=');
  });

  it('an organisation admin invites a colleague by email, who sets their name and password and is signed in', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin');
    const s = await signIn(t.app, admin);
    const form = await s.get(`/organisations/${admin.organisation_id}/invite`);
    expect(form.statusCode).toBe(200);
    const bad = await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Nadia Begum', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Error: Invite someone to');
    expect(bad.body).toContain('Enter an email address in the correct format');
    expect(bad.body).toContain('value="Nadia Begum"');
    const res = await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Nadia Begum', email: 'nadia.begum@test.example', jobTitle: 'Receptionist', isOrgAdmin: 'yes' });
    expect(res.statusCode).toBe(303);
    const page = await s.get(TestSession.location(res));
    expect(page.body).toContain('We have emailed Nadia Begum an invitation');

    const link = await invitationLink(t, 'nadia.begum@test.example');
    const invitee = anonymous(t.app);
    const setUp = await invitee.get(link);
    expect(setUp.statusCode).toBe(200);
    expect(setUp.body).toContain('Set up your account');
    const short = await invitee.post(link, { name: 'Nadia Begum', password: 'short', confirmPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Password must be 12 characters or more');
    const done = await invitee.post(link, { name: 'Nadia Begum', password: 'a long enough password', confirmPassword: 'a long enough password' });
    expect(done.statusCode).toBe(303);
    const home = await invitee.get('/home');
    expect(home.body).toContain('Signed in as <strong>Nadia Begum</strong>');
    // The link worked once.
    expect((await anonymous(t.app).get(link)).statusCode).toBe(410);
    const user = await t.database.db.selectFrom('users').selectAll().where('email', '=', 'nadia.begum@test.example').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ status: 'active', is_org_admin: true, job_title: 'Receptionist', role: 'provider_user' });
  });

  it('an invitation expires after 7 days', async () => {
    const admin = await createUser(t.database.db, 'commissionerAdmin');
    const s = await signIn(t.app, admin);
    await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Late Larry', email: 'late.larry@test.example' });
    const link = await invitationLink(t, 'late.larry@test.example');
    await t.database.db.updateTable('user_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('purpose', '=', 'invitation').execute();
    const res = await anonymous(t.app).get(link);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Your invitation has expired');
  });

  it('an organisation admin removes a colleague: their sessions end at once; access can be given back', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin');
    const colleague = await createUser(t.database.db, 'providerUser', { organisation: { id: admin.organisation_id }, name: 'Leaving Lee' });
    const colleagueSession = await signIn(t.app, colleague);
    const s = await signIn(t.app, admin);
    const res = await s.post(`/organisations/${admin.organisation_id}/people/${colleague.id}/remove`, {});
    expect(res.statusCode).toBe(303);
    expect((await s.get(TestSession.location(res))).body).toContain('Leaving Lee no longer has access');
    expect((await colleagueSession.get('/home')).statusCode).toBe(302);
    expect((await anonymous(t.app).post('/sign-in', { email: colleague.email, password: colleague.password })).statusCode).toBe(400);
    await s.post(`/organisations/${admin.organisation_id}/people/${colleague.id}/restore`, {});
    await signIn(t.app, colleague);
  });

  it('never leaves an organisation without a way in: the last admin cannot remove or demote themselves, a second admin can be appointed', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin');
    const colleague = await createUser(t.database.db, 'providerUser', { organisation: { id: admin.organisation_id } });
    const s = await signIn(t.app, admin);
    const self = `/organisations/${admin.organisation_id}/people/${admin.id}`;
    const removeSelf = await s.post(`${self}/remove`, {});
    expect(removeSelf.statusCode).toBe(409);
    expect(removeSelf.body).toContain('You are the only admin for this organisation');
    expect((await s.post(`${self}/admin`, { value: 'revoke' })).statusCode).toBe(409);
    expect((await s.get('/home')).statusCode).toBe(200);

    await s.post(`/organisations/${admin.organisation_id}/people/${colleague.id}/admin`, { value: 'grant' });
    // Now there are two admins, the first may step away.
    const now = await s.post(`${self}/remove`, {});
    expect(now.statusCode).toBe(303);
    expect((await s.get('/home')).statusCode).toBe(302);
    const second = await signIn(t.app, colleague);
    expect((await second.get(`/organisations/${admin.organisation_id}/invite`)).statusCode).toBe(200);
  });

  it('a regulator administrator can restore access and appoint an admin in any organisation', async () => {
    const orgAdmin = await createUser(t.database.db, 'providerAdmin', { status: 'removed' });
    const administrator = await signIn(t.app, await createUser(t.database.db, 'administrator'));
    const path = `/organisations/${orgAdmin.organisation_id}/people/${orgAdmin.id}`;
    const page = await administrator.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Give them access again');
    expect((await administrator.post(`${path}/restore`, {})).statusCode).toBe(303);
    await signIn(t.app, orgAdmin);
    const invite = await administrator.post(`/organisations/${orgAdmin.organisation_id}/invite`, { name: 'New Admin', email: 'new.admin@test.example', isOrgAdmin: 'yes' });
    expect(invite.statusCode).toBe(303);
  });

  it('an inspector cannot manage people', async () => {
    const provider = await createUser(t.database.db, 'providerUser');
    const s = await signIn(t.app, await createUser(t.database.db, 'inspector'));
    const res = await s.post(`/organisations/${provider.organisation_id}/people/${provider.id}/remove`, {});
    expect(res.statusCode).toBe(403);
    const still = await t.database.db.selectFrom('users').select('status').where('id', '=', provider.id).executeTakeFirstOrThrow();
    expect(still.status).toBe('active');
  });
});
