/**
 * What the plan form needs beyond the plan service: the regulator's staff to choose the team
 * from, and turning what a person types (an ODS code or CQC id, a contact's email address)
 * into the ids the plan service takes. Regulator staff only.
 */
import { findOrganisationByAnyId } from '../../data/repositories/organisation.repository.js';
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';

export interface StaffOption {
  id: string;
  name: string;
  jobTitle: string | null;
}

function requireRegulator(ctx: ServiceContext): void {
  const user = requireUser(ctx);
  if (!isRegulatorRole(user.role)) throw new NotFoundError();
}

export async function listRegulatorStaff(ctx: ServiceContext): Promise<StaffOption[]> {
  requireRegulator(ctx);
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'job_title'])
    .where('role', 'in', ['inspector', 'inspection_manager', 'administrator', 'factual_accuracy_reviewer', 'enforcement_officer'])
    .where('status', '=', 'active')
    .orderBy('name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, jobTitle: r.job_title }));
}

/** An organisation by ODS code, CQC id, Inspectorate id or uuid; null when none matches. */
export async function organisationIdForCode(ctx: ServiceContext, code: string): Promise<{ id: string; name: string } | null> {
  requireRegulator(ctx);
  if (!code.trim()) return null;
  const o = await findOrganisationByAnyId(ctx.db, code);
  return o ? { id: o.id, name: o.name } : null;
}

/** The active account with this email address, if any (a contact with an account gets in-app notices). */
export async function userIdForEmail(ctx: ServiceContext, email: string): Promise<string | null> {
  requireRegulator(ctx);
  if (!email.trim()) return null;
  const u = await findUserByEmail(ctx.db, email);
  return u && u.status === 'active' ? u.id : null;
}

/** How a form shows an organisation already on the plan: its ODS code, CQC id or Inspectorate id. */
export async function organisationCodes(ctx: ServiceContext, ids: string[]): Promise<Map<string, string>> {
  requireRegulator(ctx);
  const wanted = [...new Set(ids.filter(Boolean))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.selectFrom('organisations').select(['id', 'ods_code', 'cqc_location_id', 'cqc_provider_id', 'minted_id', 'kind']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, (r.kind === 'location' ? (r.cqc_location_id ?? r.ods_code ?? r.minted_id) : (r.cqc_provider_id ?? r.ods_code ?? r.minted_id)) ?? r.id]));
}
