/** Case lists and sampling through the API: all-or-nothing CSV import, reproducible samples, strata, swaps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTeam, ApiClient, caseListCsv, createLutonWorld, lutonInspectionBody, MovableClock, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('case lists and sampling', () => {
  let t: TestApp;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let lead: ApiClient;
  let icb: ApiClient;
  let trust: ApiClient;
  let unrelated: ApiClient;
  let inspectionId = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    lead = new ApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    icb = new ApiClient(t.app, await tokenFor(t, w.people.executiveLead, clock));
    trust = new ApiClient(t.app, await tokenFor(t, w.people.trustUser, clock));
    unrelated = new ApiClient(t.app, await tokenFor(t, w.people.unrelatedUser, clock));
    inspectionId = (await lead.post('/inspections', lutonInspectionBody(w))).json().id;
    await confirmTeam(t, inspectionId, w.people.manager, clock);
  });
  afterAll(async () => t.close());

  it('the case list cannot be sent before the organisation is notified', async () => {
    expect((await icb.csv(`/inspections/${inspectionId}/case-list`, caseListCsv(3))).statusCode).toBe(404);
    await lead.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' });
  });

  it('reports bad CSV rows by line with the reason, and stores nothing', async () => {
    const good = caseListCsv(4).trimEnd().split('\n');
    const csv = [
      ...good,
      '9434765919,Midwifery,0-4,N,N,N,Y',
      'LTN-0100,Dentistry,0-4,N,N,N,Y',
      'LTN-0101,Midwifery,toddler,N,maybe,N,Y',
      'LTN-0001,Midwifery,0-4,N,N,N,Y',
    ].join('\n');
    const res = await icb.csv(`/inspections/${inspectionId}/case-list`, csv);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.message).toBe('The case list was not imported: 5 problems. Nothing was stored.');
    expect(body.error.lines).toEqual([
      { line: 6, column: 'case_reference', message: 'case_reference looks like an NHS number: use your pseudonymous reference, never a real identifier' },
      { line: 7, column: 'services_used', message: expect.stringMatching(/^services_used "Dentistry" is not a service in this inspection's scope/) },
      { line: 8, column: 'age_band', message: 'age_band must be one of 0-4, 5-10, 11-15, 16-17, 18+, not "toddler"' },
      { line: 8, column: 'child_protection_plan', message: 'child_protection_plan must be Y or N, not "maybe"' },
      { line: 9, column: 'case_reference', message: 'case_reference LTN-0001 is also on line 2' },
    ]);
    expect(await t.database.db.selectFrom('cases').selectAll().execute()).toEqual([]);
    expect(await t.database.db.selectFrom('case_lists').selectAll().execute()).toEqual([]);
  });

  it('refuses a file with a missing or identifying column, and malformed CSV, by line', async () => {
    const extra = await icb.csv(`/inspections/${inspectionId}/case-list`, 'case_reference,nhs_number,services_used,age_band,looked_after,child_protection_plan,child_in_need,consent_to_contact\n');
    expect(extra.statusCode).toBe(422);
    expect(extra.json().error.lines).toEqual([{ line: 1, column: null, message: 'Unknown column nhs_number: real identifiers must not be sent' }]);
    const broken = await icb.csv(`/inspections/${inspectionId}/case-list`, 'case_reference,services_used\n"LTN-1,Midwifery\n');
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.lines[0].message).toMatch(/^The file is not valid CSV/);
  });

  it('imports a good list; importing again updates rather than duplicates; cases can also be entered one by one', async () => {
    const first = await icb.csv(`/inspections/${inspectionId}/case-list`, caseListCsv(30));
    expect(first.json()).toEqual({ rowsRead: 30, inserted: 30, updated: 0, rejected: 0 });
    const again = await icb.csv(`/inspections/${inspectionId}/case-list`, caseListCsv(32));
    expect(again.json()).toEqual({ rowsRead: 32, inserted: 2, updated: 30, rejected: 0 });

    const manual = await trust.post(`/inspections/${inspectionId}/cases`, {
      cases: [{ caseReference: 'BH-0001', servicesUsed: ['Midwifery', 'A&E'], ageBand: '0-4', lookedAfter: true, childProtectionPlan: true, childInNeed: false, consentToContact: true }],
    });
    expect(manual.statusCode, manual.body).toBe(200);
    const wrong = await trust.post(`/inspections/${inspectionId}/cases`, {
      cases: [{ caseReference: 'Jane Smith', servicesUsed: ['Midwifery'], ageBand: '0-4', lookedAfter: true, childProtectionPlan: true, childInNeed: false, consentToContact: true }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/^cases\[0\]\.case_reference: case_reference looks like a name/);

    expect((await lead.get(`/inspections/${inspectionId}/cases`)).json().cases).toHaveLength(33);
    // Each organisation sees its own cases; an unrelated one sees none of it.
    expect((await trust.get(`/inspections/${inspectionId}/cases`)).json().cases.map((c: { caseReference: string }) => c.caseReference)).toContain('BH-0001');
    expect((await unrelated.get(`/inspections/${inspectionId}/cases`)).statusCode).toBe(404);
    // Only pseudonymous fields exist on a case.
    expect(Object.keys((await lead.get(`/inspections/${inspectionId}/cases`)).json().cases[0]).sort()).toEqual(
      ['ageBand', 'caseReference', 'childInNeed', 'childProtectionPlan', 'consentToContact', 'id', 'lookedAfter', 'organisation', 'servicesUsed'].sort(),
    );
  });

  it('the same seed and inputs give the same sample; strata sizes are respected; the seed and rationale are saved', async () => {
    const body = { criteria: { ageBands: ['0-4', '5-10', '11-15'] }, design: { kind: 'stratified', field: 'age_band', sizes: { '0-4': 2, '5-10': 3, '11-15': 1 } }, seed: 'seed-one', rationale: 'Spread across age bands' };
    const a = (await lead.post(`/inspections/${inspectionId}/samples`, body)).json();
    const b = (await lead.post(`/inspections/${inspectionId}/samples`, body)).json();
    expect(b.members.map((m: { caseId: string }) => m.caseId)).toEqual(a.members.map((m: { caseId: string }) => m.caseId));
    const counts = (s: { members: { stratum: string }[] }) => Object.fromEntries(['0-4', '5-10', '11-15'].map((k) => [k, s.members.filter((m) => m.stratum === k).length]));
    expect(counts(a)).toEqual({ '0-4': 2, '5-10': 3, '11-15': 1 });
    expect(a).toMatchObject({ seed: 'seed-one', rationale: 'Spread across age bands', algorithm: expect.stringMatching(/^sampling\/1/) });
    expect(a.explanation).toMatch(/cases met the criteria \(aged 0-4 or 5-10 or 11-15, consented to contact\)/);

    const c = (await lead.post(`/inspections/${inspectionId}/samples`, { ...body, seed: 'seed-two' })).json();
    expect(c.members.map((m: { caseId: string }) => m.caseId)).not.toEqual(a.members.map((m: { caseId: string }) => m.caseId));

    // Without a seed, one is made and recorded.
    const d = (await lead.post(`/inspections/${inspectionId}/samples`, { ...body, seed: null })).json();
    expect(d.seed).toMatch(/^[0-9a-f]{16}$/);
    const stored = await t.database.db.selectFrom('samples').select(['seed', 'rationale']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ seed: d.seed, rationale: 'Spread across age bands' });
    // Only consenting families are sampled by default.
    const consenting = new Set((await lead.get(`/inspections/${inspectionId}/cases`)).json().cases.filter((x: { consentToContact: boolean }) => x.consentToContact).map((x: { id: string }) => x.id));
    for (const m of a.members) expect(consenting.has(m.caseId)).toBe(true);
  });

  it('swaps a case for the next in its stratum, with the reason, and only the team may do it', async () => {
    const s = (await lead.post(`/inspections/${inspectionId}/samples`, { criteria: {}, design: { kind: 'simple', size: 3 }, seed: 'swap', rationale: 'Tracking' })).json();
    expect((await icb.post(`/samples/${s.id}/swaps`, { caseId: s.members[0].caseId, reason: 'x' })).statusCode).toBe(403);
    const noReason = await lead.post(`/samples/${s.id}/swaps`, { caseId: s.members[0].caseId, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const swapped = (await lead.post(`/samples/${s.id}/swaps`, { caseId: s.members[0].caseId, reason: 'Child protection enquiry in progress' })).json();
    expect(swapped.members).toHaveLength(4);
    const out = swapped.members.find((m: { caseId: string }) => m.caseId === s.members[0].caseId);
    expect(out.swappedOut.reason).toBe('Child protection enquiry in progress');
    expect(out.swappedOut.replacedByCaseReference).toBe(swapped.members[3].caseReference);
    expect(swapped.members[3].rank).toBe(3);
    const sampleMembers = await t.database.db.selectFrom('sample_members').select('case_id').where('sample_id', '=', s.id).execute();
    expect(new Set(sampleMembers.map((m) => m.case_id)).size).toBe(4);
  });

  it('refuses a sample with no eligible cases, saying why', async () => {
    const res = await lead.post(`/inspections/${inspectionId}/samples`, { criteria: { ageBands: ['18+'] }, design: { kind: 'simple', size: 2 }, rationale: 'Adults' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/^No cases meet the criteria, so no sample was drawn\. .*0 of 33 cases met the criteria/);
  });
});
