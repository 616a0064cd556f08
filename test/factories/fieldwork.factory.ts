/**
 * Builders for fieldwork tests: the Stopsley Village Practice world (a GP practice in Luton, its
 * provider, the ICB, the inspection team and the practice's people) and the inspection body.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/data/database.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import type { TestApp } from '../support/test-app.js';
import { ApiClient, confirmTeam, tokenFor } from './inspection.factory.js';
import type { Organisation } from '../../src/data/tables/foundation.tables.js';
import { createOrganisation } from './organisation.factory.js';
import { createUser, type TestUser, type UserTrait } from './user.factory.js';

export interface StopsleyWorld {
  regulator: Organisation;
  icb: Organisation;
  provider: Organisation;
  practice: Organisation;
  people: Record<'lead' | 'inspector' | 'manager' | 'enforcement' | 'practiceManager' | 'gpPartner' | 'icbUser' | 'outsider', TestUser>;
}

/** `password`: null (default, fast) for API tests; a password for browser tests that sign in. */
export async function createStopsleyWorld(db: Db, opts: { password?: string | null } = {}): Promise<StopsleyWorld> {
  const regulator = await createOrganisation(db, 'regulator');
  const icb = await createOrganisation(db, 'commissioner', { name: 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board' });
  const provider = await createOrganisation(db, 'provider', { name: 'Stopsley Village Practice partnership' });
  const practice = await createOrganisation(db, 'location', { name: 'Stopsley Village Practice', parent_id: provider.id, town: 'Luton', postcode: 'LU2 7UG' });
  const other = await createOrganisation(db, 'location');
  const user = (trait: UserTrait, organisation: Organisation, name: string) => createUser(db, trait, { organisation, name, password: opts.password ?? null });
  return {
    regulator,
    icb,
    provider,
    practice,
    people: {
      lead: await user('inspector', regulator, 'Grace Lead'),
      inspector: await user('inspector', regulator, 'Omar Inspector'),
      manager: await user('inspectionManager', regulator, 'Priya Manager'),
      enforcement: await user('enforcementOfficer', regulator, 'Eddie Enforcement'),
      practiceManager: await user('providerUser', practice, 'Pat Practice-Manager'),
      gpPartner: await user('providerUser', provider, 'Dr Gill Partner'),
      icbUser: await user('commissionerUser', icb, 'Ivy ICB'),
      outsider: await user('providerUser', other, 'Oscar Outsider'),
    },
  };
}

export function stopsleyInspectionBody(w: StopsleyWorld, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'comprehensive',
    noticeType: 'announced',
    subject: { type: 'location', organisationId: w.practice.id },
    keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'well_led'],
    fieldworkStart: '2025-10-07',
    fieldworkEnd: '2025-10-08',
    plannedNotificationDate: '2025-09-22',
    team: [
      { userId: w.people.lead.id, role: 'lead_inspector' },
      { userId: w.people.inspector.id, role: 'inspector' },
      { userId: w.people.manager.id, role: 'inspection_manager' },
    ],
    contacts: [{ userId: w.people.practiceManager.id, role: 'practice_manager' }],
    ...over,
  };
}

/** The scores behind the Stopsley judgement (saf-2024): Safe and Well-led Requires improvement by the scores, the rest Good. */
export const STOPSLEY_SCORES: Record<string, number> = {
  S1: 2,
  S2: 3,
  S3: 2,
  S4: 2,
  E1: 3,
  E2: 3,
  C1: 3,
  C2: 3,
  R1: 3,
  R2: 3,
  R4: 2,
  W1: 3,
  W5: 2,
  W6: 3,
  W7: 1,
};

/** The inspection ApiClient plus PUT (scores are PUT). */
export class FieldworkApiClient extends ApiClient {
  put(url: string, body: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: { authorization: `Bearer ${this.token}` }, payload: body as object });
  }
}

/**
 * The Stopsley inspection through the API as far as fieldwork: the lead proposes it, the inspection
 * manager confirms the team (issue 14: separation of duties), the lead notifies the practice and
 * starts fieldwork (with `startReason` when that is before the planned start). Any refused step
 * fails here, naming the step, rather than as a knock-on later.
 */
export async function stopsleyInFieldwork(t: TestApp, w: StopsleyWorld, clock: Clock, opts: { over?: Record<string, unknown>; startReason?: string } = {}): Promise<string> {
  const lead = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
  const created = await lead.post('/inspections', stopsleyInspectionBody(w, opts.over));
  if (created.statusCode !== 201) throw new Error(`create inspection: ${created.body}`);
  const id = created.json().id as string;
  await confirmTeam(t, id, w.people.manager, clock);
  for (const body of [{ event: 'notify' }, { event: 'start_fieldwork', ...(opts.startReason ? { reason: opts.startReason } : {}) }]) {
    const res = await lead.post(`/inspections/${id}/transitions`, body);
    if (res.statusCode !== 200) throw new Error(`${body.event}: ${res.body}`);
  }
  return id;
}
