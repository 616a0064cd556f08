/**
 * Issue 13: on the plan form (/inspections/new) the subject is found only at the level planned.
 * A location inspection refuses a provider's code with a sentence naming what to enter instead,
 * keeping what was typed; a location is found by its CQC Location ID, its ODS code (even when its
 * provider carries the same code) or its name; an ODS code shared by two locations asks for the
 * CQC Location ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser, type TestUser } from '../../factories/user.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const errorSummaryText = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
const unescape = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('the plan form finds the subject at the level planned', () => {
  let t: TestApp;
  let lead: TestUser;
  let s: TestSession;
  let providerId = '';
  let practiceId = '';

  const plan = (subjectType: string, subjectCode: string) =>
    s.post('/inspections/new', {
      kind: 'comprehensive',
      noticeType: 'announced',
      subjectType,
      subjectCode,
      keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'well_led'],
      'fieldworkStart-day': '8',
      'fieldworkStart-month': '2',
      'fieldworkStart-year': '2027',
      'fieldworkEnd-day': '9',
      'fieldworkEnd-month': '2',
      'fieldworkEnd-year': '2027',
      'team-0-user': lead.id,
      'team-0-role': 'lead_inspector',
    });
  const subjectOf = async (res: { headers: Record<string, unknown> }) => {
    const id = /\/inspections\/([0-9a-f-]{36})/.exec(String(res.headers['location']))?.[1] ?? '';
    return (await t.database.db.selectFrom('inspections').select('subject_organisation_id').where('id', '=', id).executeTakeFirstOrThrow()).subject_organisation_id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.db;
    const regulator = await createOrganisation(db, 'regulator');
    lead = await createUser(db, 'inspector', { organisation: regulator, name: 'Lena Lead' });
    // A provider that carries the same ODS code as its practice (as some NHS-list records do).
    const provider = await createOrganisation(db, 'provider', { name: 'Orchard Health Partnership', cqc_provider_id: '1-555000111', ods_code: 'Y90001' });
    providerId = provider.id;
    const practice = await createOrganisation(db, 'location', { name: 'Orchard Street Surgery', parent_id: provider.id, cqc_location_id: '1-666000222', ods_code: 'Y90001', town: 'Orchardton', postcode: 'OR1 2CH' });
    practiceId = practice.id;
    // Two locations sharing one ODS code: a re-registration.
    await createOrganisation(db, 'location', { name: 'Brook Lane Practice', parent_id: provider.id, cqc_location_id: '1-777000001', ods_code: 'Y90002', town: 'Orchardton', postcode: 'OR1 3BL' });
    await createOrganisation(db, 'location', { name: 'Brook Lane Practice (new provider)', parent_id: provider.id, cqc_location_id: '1-777000002', ods_code: 'Y90002', town: 'Orchardton', postcode: 'OR1 3BL' });
    s = await signIn(t.app, lead);
    await s.get('/inspections/new');
  });
  afterAll(async () => t.close());

  it('a location inspection refuses the provider’s ID, naming what to enter instead, and keeps what was typed', async () => {
    const res = await plan('location', '1-555000111');
    expect(res.statusCode).toBe(400);
    const summary = unescape(errorSummaryText(res.body));
    expect(summary).toContain('href="#subjectCode"');
    expect(summary).toContain('1-555000111 is the provider Orchard Health Partnership, not a location. Enter the CQC Location ID, ODS code or name of the location to inspect (a GP practice is a location), or choose Provider as what is inspected');
    expect(res.body).toContain('value="1-555000111"');
    expect(res.body).toMatch(/name="fieldworkStart-year"[^>]*value="2027"|value="2027"[^>]*name="fieldworkStart-year"/);
    expect(await t.database.db.selectFrom('inspections').select('id').execute()).toHaveLength(0);
  });

  it('a provider inspection refuses a location’s ID the same way', async () => {
    const res = await plan('provider', '1-666000222');
    expect(res.statusCode).toBe(400);
    expect(unescape(errorSummaryText(res.body))).toContain('1-666000222 is the location Orchard Street Surgery, not a provider. Enter the CQC Provider ID or name of the provider that runs it, or choose Location as what is inspected');
  });

  it.each([
    ['its CQC Location ID', '1-666000222'],
    ['its ODS code, which its provider also carries', 'y90001'],
    ['its name', 'Orchard Street Surgery'],
    ['part of its name with a small typo', 'orchard stret'],
  ])('a location is found by %s', async (_how, typed) => {
    const res = await plan('location', typed);
    expect(res.statusCode, errorSummaryText(res.body)).toBe(303);
    expect(await subjectOf(res)).toBe(practiceId);
  });

  it('the provider is found by its CQC Provider ID for a provider inspection', async () => {
    const res = await plan('provider', '1-555000111');
    expect(res.statusCode, errorSummaryText(res.body)).toBe(303);
    expect(await subjectOf(res)).toBe(providerId);
  });

  it('an ODS code two locations share asks for the CQC Location ID, listing both', async () => {
    const res = await plan('location', 'Y90002');
    expect(res.statusCode).toBe(400);
    const summary = unescape(errorSummaryText(res.body));
    expect(summary).toContain('2 locations have the code Y90002');
    expect(summary).toContain('Brook Lane Practice (1-777000001)');
    expect(summary).toContain('Enter the CQC Location ID of the one to inspect');
  });

  it('a name that matches nothing says so', async () => {
    const res = await plan('location', 'Nowhere Medical Centre');
    expect(res.statusCode).toBe(400);
    expect(unescape(errorSummaryText(res.body))).toContain('No location has the ID, ODS code or name Nowhere Medical Centre');
    expect(res.body).toContain('value="Nowhere Medical Centre"');
  });

  it.each([
    ['its CQC Location ID', '1-666000222'],
    ['its ODS code, which its provider also carries', 'Y90001'],
    ['its name', 'orchard street'],
  ])('the find page (no JavaScript) finds the location by %s and links the plan form to it', async (_how, q) => {
    const res = await s.get(`/inspections/new/find-subject?q=${encodeURIComponent(q)}&type=location`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Orchard Street Surgery');
    expect(res.body).toContain('href="/inspections/new?subjectType=location&amp;subjectCode=1-666000222"');
    expect(res.body).not.toContain('subjectType=provider');
  });
});

