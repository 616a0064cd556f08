/**
 * People for tests, by named trait (role, admin rights, status). Each gets a unique email and,
 * unless invited, the password TEST_PASSWORD, so tests can sign in through the real form.
 */
import type { Db } from '../../src/data/database.js';
import type { Organisation, User, UserStatus } from '../../src/data/tables/foundation.tables.js';
import { type Role } from '../../src/domain/vocabulary/roles.js';
import { hashPassword } from '../../src/services/passwords.js';
import { createOrganisation, type OrganisationTrait } from './organisation.factory.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export const USER_TRAITS = {
  administrator: { role: 'administrator', org: 'regulator' },
  inspector: { role: 'inspector', org: 'regulator' },
  inspectionManager: { role: 'inspection_manager', org: 'regulator' },
  factualAccuracyReviewer: { role: 'factual_accuracy_reviewer', org: 'regulator' },
  enforcementOfficer: { role: 'enforcement_officer', org: 'regulator' },
  providerUser: { role: 'provider_user', org: 'provider' },
  providerAdmin: { role: 'provider_user', org: 'provider', admin: true },
  commissionerUser: { role: 'commissioner_user', org: 'commissioner' },
  commissionerAdmin: { role: 'commissioner_user', org: 'commissioner', admin: true },
} as const satisfies Record<string, { role: Role; org: OrganisationTrait; admin?: boolean }>;
export type UserTrait = keyof typeof USER_TRAITS;

export interface UserOptions {
  organisation?: Pick<Organisation, 'id'>;
  email?: string;
  name?: string;
  jobTitle?: string;
  status?: UserStatus;
  password?: string | null;
}

export type TestUser = User & { password: string };

let counter = 0;
// Hashing is the slow part: reuse one hash per distinct password.
const hashes = new Map<string, Promise<string>>();

export async function createUser(db: Db, trait: UserTrait, opts: UserOptions = {}): Promise<TestUser> {
  const spec = USER_TRAITS[trait];
  const n = ++counter;
  const organisationId = opts.organisation?.id ?? (await createOrganisation(db, spec.org)).id;
  const password = opts.password === undefined ? TEST_PASSWORD : opts.password;
  const status = opts.status ?? 'active';
  let hash: string | null = null;
  if (password !== null && status !== 'invited') {
    if (!hashes.has(password)) hashes.set(password, hashPassword(password));
    hash = await hashes.get(password)!;
  }
  const user = await db
    .insertInto('users')
    .values({
      email: opts.email ?? `${trait.toLowerCase()}.${n}.${process.pid}@test.example`,
      name: opts.name ?? `Test ${trait} ${n}`,
      job_title: opts.jobTitle ?? null,
      role: spec.role,
      organisation_id: organisationId,
      is_org_admin: 'admin' in spec ? spec.admin : false,
      status,
      password_hash: hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...user, password: password ?? '' };
}
