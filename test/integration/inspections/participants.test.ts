/**
 * Issue 15: an organisation declared as taking part can provide contacts, sees the inspection once
 * told of it, and sees only the visits that concern it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/services/errors.js';
import { changeInspectionState } from '../../../src/services/inspections/inspection-lifecycle.service.js';
import { createInspection, getInspection, updateInspectionPlan, type PlanInput } from '../../../src/services/inspections/inspection-plan.service.js';
import { addParticipant } from '../../../src/services/inspections/participants.service.js';
import { addVisits, getProgramme } from '../../../src/services/inspections/programme.service.js';
import { createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: LutonWorld;
let inspectionId: string;
const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createLutonWorld(t.database.db);
  const manager = await serviceContextFor(t, w.people.manager, clock);
  const body = lutonInspectionBody(w, { team: [{ userId: w.people.lead.id, role: 'lead_inspector' }, { userId: w.people.inspector.id, role: 'inspector' }] }) as unknown as PlanInput;
  inspectionId = (await createInspection(manager, body)).id;
});
afterAll(async () => t.close());

describe('an organisation declared as taking part', () => {
  it('provides contacts only once it takes part, then sees its own part of the inspection', async () => {
    const lead = await serviceContextFor(t, w.people.lead, clock);
    const partner = { userId: w.people.unrelatedUser.id, role: 'other' as const };
    const before = await getInspection(lead, inspectionId);
    const refused = await updateInspectionPlan(lead, inspectionId, { contacts: [...before.contacts.map((c) => ({ userId: c.userId, role: c.role })), partner] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).message).toContain('must work for an organisation named on the inspection');

    await addParticipant(lead, inspectionId, { organisationId: w.unrelatedTrust.id, capacity: 'partner' });
    const changed = await updateInspectionPlan(lead, inspectionId, { contacts: [...before.contacts.map((c) => ({ userId: c.userId, role: c.role })), partner] });
    expect(changed.contacts.map((c) => c.name)).toContain('Uma Unrelated');

    await addVisits(lead, inspectionId, [
      { serviceName: 'Midwifery', organisationId: w.hospitals.id, date: '2026-11-30', startTime: '09:30', endTime: '12:00', place: 'Maternity unit', inspectorIds: [w.people.lead.id], activities: ['speak_to_staff'], notes: null },
      { serviceName: 'Drugs & Alcohol', organisationId: w.drugsService.id, date: '2026-12-01', startTime: '09:30', endTime: '12:00', place: 'Drug and alcohol service', inspectorIds: [w.people.lead.id], activities: ['speak_to_staff'], notes: null },
    ]);
    await changeInspectionState(lead, inspectionId, { event: 'notify' });

    const partnerCtx = await serviceContextFor(t, w.people.unrelatedUser, clock);
    expect((await getInspection(partnerCtx, inspectionId)).id).toBe(inspectionId);
    // A partner runs no service in scope: no visits of others'.
    expect((await getProgramme(partnerCtx, inspectionId)).visits).toEqual([]);
    // The trust sees the visit to its own service only.
    const trust = await serviceContextFor(t, w.people.trustUser, clock);
    expect((await getProgramme(trust, inspectionId)).visits.map((v) => v.serviceName)).toEqual(['Midwifery']);
    // The lead commissioner sees the whole programme.
    const icb = await serviceContextFor(t, w.people.executiveLead, clock);
    expect((await getProgramme(icb, inspectionId)).visits.map((v) => v.serviceName)).toEqual(['Midwifery', 'Drugs & Alcohol']);
  });
});

describe('a review whose services in scope are named but not yet matched to an organisation', () => {
  it('lists who takes part from the subject and lead commissioner, without failing', async () => {
    const manager = await serviceContextFor(t, w.people.manager, clock);
    const body = lutonInspectionBody(w, {
      scopeServices: [
        { serviceName: 'Midwifery', organisationId: null, commissionedBy: 'nhs' },
        { serviceName: 'School Nursing', organisationId: null, commissionedBy: 'local_authority' },
      ],
    }) as unknown as PlanInput;
    const named = (await createInspection(manager, body)).id;
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', '=', w.people.lead.id).execute();
    const lead = await signIn(t.app, { email: w.people.lead.email, password: TEST_PASSWORD });
    const page = await lead.get(`/inspections/${named}/participants`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-testid="capacity">Lead commissioner</);
    expect(page.body).not.toContain('Midwifery');
  });
});
