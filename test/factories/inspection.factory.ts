/**
 * Builders for inspection tests: the Luton area review world (an ICB, the local authority,
 * the trusts in scope, an unrelated trust, and the people of each), personal access tokens
 * and a small JSON client for /api/v1.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/data/database.js';
import type { Organisation } from '../../src/data/tables/foundation.tables.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { createLogger } from '../../src/logger.js';
import { createPersonalAccessToken } from '../../src/services/api-tokens/personal-access-tokens.service.js';
import type { ServiceContext, SignedInUser } from '../../src/services/context.js';
import type { TestApp } from '../support/test-app.js';
import { createOrganisation } from './organisation.factory.js';
import { createUser, type TestUser, type UserTrait } from './user.factory.js';
import { TOKEN_SCOPES } from '../../src/domain/access/permissions.js';
import { parseRole } from '../../src/domain/vocabulary/roles.js';

/** A clock tests can move: the app reads it on every call. */
export class MovableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at);
  }
}

export async function signedInUser(db: Db, user: Pick<TestUser, 'id'>): Promise<SignedInUser> {
  const u = await db.selectFrom('users').innerJoin('organisations as o', 'o.id', 'users.organisation_id').selectAll('users').select('o.name as organisation_name').where('users.id', '=', user.id).executeTakeFirstOrThrow();
  return { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin };
}

export async function serviceContextFor(t: TestApp, user: Pick<TestUser, 'id'>, clock: Clock): Promise<ServiceContext> {
  return { db: t.database.db, actor: { kind: 'user', user: await signedInUser(t.database.db, user) }, correlationId: 'test', clock, config: t.config, logger: createLogger('silent') };
}

/** A personal access token for the user, made through the token service. */
export async function tokenFor(t: TestApp, user: Pick<TestUser, 'id'>, clock: Clock): Promise<string> {
  const created = await createPersonalAccessToken(await serviceContextFor(t, user, clock), { name: 'test client', expiresInDays: 30, scopes: [...TOKEN_SCOPES] });
  return created.token;
}

/** A JSON client for /api/v1 acting with one bearer token. */
export class ApiClient {
  constructor(
    readonly app: FastifyInstance,
    readonly token: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: this.headers() });
  }

  head(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'HEAD', url: `/api/v1${url}`, headers: this.headers() });
  }

  post(url: string, body?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: this.headers(), ...(body === undefined ? {} : { payload: body as object }) });
  }

  patch(url: string, body: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: this.headers(), payload: body as object });
  }

  delete(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'DELETE', url: `/api/v1${url}`, headers: this.headers() });
  }

  csv(url: string, text: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: this.headers({ 'content-type': 'text/csv' }), payload: text });
  }

  chunk(uploadId: string, bytes: Buffer, start: number, total: number): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'PUT',
      url: `/api/v1/uploads/${uploadId}`,
      headers: this.headers({ 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}` }),
      payload: bytes,
    });
  }
}

export interface LutonWorld {
  regulator: Organisation;
  icb: Organisation;
  council: Organisation;
  hospitals: Organisation;
  community: Organisation;
  mentalHealth: Organisation;
  drugsService: Organisation;
  unrelatedTrust: Organisation;
  people: Record<
    | 'lead'
    | 'inspector'
    | 'adviser'
    | 'outsideInspector'
    | 'manager'
    | 'executiveLead'
    | 'designatedNurse'
    | 'designatedDoctor'
    | 'trustUser'
    | 'trustColleague'
    | 'unrelatedUser',
    TestUser
  >;
}

export async function createLutonWorld(db: Db): Promise<LutonWorld> {
  const regulator = await createOrganisation(db, 'regulator');
  const icb = await createOrganisation(db, 'commissioner', { name: 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board' });
  const council = await createOrganisation(db, 'localAuthority', { name: 'Luton Borough Council' });
  const hospitals = await createOrganisation(db, 'provider', { name: 'Bedfordshire Hospitals NHS Foundation Trust' });
  const community = await createOrganisation(db, 'provider', { name: 'Cambridgeshire Community Services NHS Trust' });
  const mentalHealth = await createOrganisation(db, 'provider', { name: 'East London NHS Foundation Trust' });
  const drugsService = await createOrganisation(db, 'provider', { name: 'Luton Drug and Alcohol Service' });
  const unrelatedTrust = await createOrganisation(db, 'provider', { name: 'Faraway NHS Trust' });
  const user = (trait: UserTrait, organisation: Organisation, name: string) => createUser(db, trait, { organisation, name, password: null });
  const people = {
    lead: await user('inspector', regulator, 'Lena Lead'),
    inspector: await user('inspector', regulator, 'Ian Inspector'),
    adviser: await user('inspector', regulator, 'Sam Specialist'),
    outsideInspector: await user('inspector', regulator, 'Olive Outsider'),
    manager: await user('inspectionManager', regulator, 'Mina Manager'),
    executiveLead: await user('commissionerUser', icb, 'Erin Executive'),
    designatedNurse: await user('commissionerUser', icb, 'Nadia Nurse'),
    designatedDoctor: await user('commissionerUser', icb, 'Dev Doctor'),
    trustUser: await user('providerUser', hospitals, 'Tom Trust'),
    trustColleague: await user('providerUser', hospitals, 'Tara Trust'),
    unrelatedUser: await user('providerUser', unrelatedTrust, 'Uma Unrelated'),
  };
  return { regulator, icb, council, hospitals, community, mentalHealth, drugsService, unrelatedTrust, people };
}

export const LUTON_SERVICES = [
  'Midwifery',
  'Health Visiting',
  'A&E',
  'School Nursing',
  'Child & Adolescent Mental Health',
  'Adult Mental Health',
  'Contraception & Sexual Health',
  'Drugs & Alcohol',
] as const;

/** The body of POST /api/v1/inspections for the Luton review (Thursday notice, Monday start). */
export function lutonInspectionBody(w: LutonWorld, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'area_review_safeguarding_lac',
    noticeType: 'short_notice',
    subject: { type: 'area', areaName: 'Luton', leadCommissionerId: w.icb.id },
    fieldworkStart: '2026-11-30',
    fieldworkEnd: '2026-12-04',
    plannedNotificationDate: '2026-11-26',
    caseListRequest: 'Children and families who used two or more of the services in scope in the last 12 months',
    caseListDueDate: '2026-11-27',
    scopeServices: [
      { serviceName: 'Midwifery', organisationId: w.hospitals.id, commissionedBy: 'nhs' },
      { serviceName: 'Health Visiting', organisationId: w.community.id, commissionedBy: 'local_authority' },
      { serviceName: 'A&E', organisationId: w.hospitals.id, commissionedBy: 'nhs' },
      { serviceName: 'School Nursing', organisationId: w.community.id, commissionedBy: 'local_authority' },
      { serviceName: 'Child & Adolescent Mental Health', organisationId: w.mentalHealth.id, commissionedBy: 'nhs' },
      { serviceName: 'Adult Mental Health', organisationId: w.mentalHealth.id, commissionedBy: 'nhs' },
      { serviceName: 'Contraception & Sexual Health', organisationId: w.council.id, commissionedBy: 'local_authority' },
      { serviceName: 'Drugs & Alcohol', organisationId: w.drugsService.id, commissionedBy: 'local_authority' },
    ],
    team: [
      { userId: w.people.lead.id, role: 'lead_inspector' },
      { userId: w.people.inspector.id, role: 'inspector' },
      { userId: w.people.adviser.id, role: 'specialist_adviser' },
    ],
    contacts: [
      { userId: w.people.executiveLead.id, role: 'executive_lead' },
      { userId: w.people.designatedNurse.id, role: 'designated_nurse' },
      { userId: w.people.designatedDoctor.id, role: 'designated_doctor' },
    ],
    ...over,
  };
}

/** A case list CSV in the documented column set. */
export function caseListCsv(rows: number, opts: { prefix?: string } = {}): string {
  const bands = ['0-4', '5-10', '11-15', '16-17'];
  const services = ['Midwifery;Health Visiting', 'School Nursing;Child & Adolescent Mental Health', 'A&E;Drugs & Alcohol', 'Health Visiting;A&E'];
  const lines = ['case_reference,services_used,age_band,looked_after,child_protection_plan,child_in_need,consent_to_contact'];
  for (let i = 1; i <= rows; i++) {
    lines.push([`${opts.prefix ?? 'LTN'}-${String(i).padStart(4, '0')}`, `"${services[i % 4]}"`, bands[i % 4], i % 3 === 0 ? 'Y' : 'N', i % 2 === 0 ? 'Y' : 'N', 'N', i % 5 === 0 ? 'N' : 'Y'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A minimal real PDF of about `size` bytes. */
export function pdfBytes(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n% test document\n');
  const body = Buffer.alloc(Math.max(0, size - head.length), 0x20);
  return Buffer.concat([head, body]);
}

/**
 * An inspection manager confirms the team a lead inspector proposed (issue 14: separation of
 * duties), as the manager would on the inspection page, so the organisation can be told.
 */
export async function confirmTeam(t: Pick<TestApp, 'database' | 'config'>, inspectionId: string, manager: Pick<TestUser, 'id'>, clock: Clock): Promise<void> {
  const { confirmInspectionTeam } = await import('../../src/services/inspections/inspection-plan.service.js');
  await confirmInspectionTeam(await serviceContextFor(t as TestApp, manager, clock), inspectionId);
}
