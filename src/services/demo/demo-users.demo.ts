/** The demo world's people: one account for every role, in the Luton organisations (see demo-accounts.ts). */
import type { Trx } from '../../data/database.js';
import { findUserByEmail, insertUser } from '../../data/repositories/user.repository.js';
import { recordAudit } from '../audit.service.js';
import type { ServiceContext } from '../context.js';
import { notify } from '../notifications.service.js';
import { hashPassword } from '../passwords.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { countsLine, emptyCounts } from './demo-organisations.js';
import type { DemoOrganisations } from './luton-organisations.demo.js';

export async function loadDemoUsers(trx: Trx, ctx: ServiceContext, organisations: DemoOrganisations): Promise<string[]> {
  const counts = emptyCounts();
  let passwordHash: string | undefined;
  for (const account of DEMO_ACCOUNTS) {
    if (account.organisation === null) continue; // made by the provider portal demo, in a register organisation
    // An account already there is left alone: its owner may have changed its password.
    if (await findUserByEmail(trx, account.email)) {
      counts.unchanged++;
      continue;
    }
    passwordHash ??= await hashPassword(DEMO_PASSWORD);
    const organisation = organisations[account.organisation];
    const now = ctx.clock.now();
    const user = await insertUser(trx, {
      email: account.email,
      name: account.name,
      job_title: account.jobTitle,
      role: account.role,
      organisation_id: organisation.id,
      is_org_admin: account.isOrgAdmin,
      status: 'active',
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx, {
      action: 'USER_CREATED',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, name: user.name, role: user.role, organisation_id: user.organisation_id, is_org_admin: user.is_org_admin, status: user.status, job_title: user.job_title },
    });
    await notify(trx, {
      userId: user.id,
      title: 'Welcome to Inspectorate',
      body: `Your account as ${account.jobTitle} at ${organisation.name} is ready. This is a demo world: every account shares one password.`,
      link: account.role === 'provider_user' || account.role === 'commissioner_user' ? '/organisation' : null,
    });
    counts.created++;
  }
  return [countsLine('Demo users', counts)];
}
