/**
 * What the plan form needs beyond the plan service: the regulator's staff to choose the team
 * from, and turning what a person types (an ODS code or CQC id, a contact's email address)
 * into the ids the plan service takes. Regulator staff only.
 */
import { sql } from 'kysely';
import { findOrganisationByAnyId } from '../../data/repositories/organisation.repository.js';
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { findInspectionSubjects } from './subject-search.service.js';

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

export type SubjectLookup =
  | { kind: 'found'; id: string; name: string }
  | { kind: 'problem'; message: string };

interface SubjectCandidate {
  id: string;
  kind: string;
  name: string;
  code: string;
}

/**
 * What is typed in the plan form's subject field, for a location or a provider inspection: a CQC
 * location or provider ID, an ODS code, an Inspectorate ID or a name (issue 13). Only an
 * organisation of the kind asked for is accepted; an ODS code shared by several locations, a name
 * several services have, or a provider typed for a location inspection each get a sentence saying
 * what to enter instead.
 */
export async function subjectForCode(ctx: ServiceContext, typed: string, wanted: 'location' | 'provider'): Promise<SubjectLookup> {
  requireRegulator(ctx);
  const text = typed.trim().replace(/\s+/g, ' ').slice(0, 100);
  const upper = text.toUpperCase();
  const byId = await sql<SubjectCandidate>`
    select distinct o.id, o.kind, o.name,
      case when o.kind = 'location' then coalesce(o.cqc_location_id, l.location_id, o.ods_code, o.minted_id, o.id::text)
           else coalesce(o.cqc_provider_id, p.provider_id, o.minted_id, o.ods_code, o.id::text) end as code
    from organisations o
    left join register_locations l on l.organisation_id = o.id
    left join register_providers p on p.organisation_id = o.id
    where o.kind in ('location', 'provider')
      and (o.id::text = ${text.toLowerCase()} or o.cqc_location_id = ${text} or o.cqc_provider_id = ${text} or o.minted_id = ${upper}
           or o.ods_code = ${upper} or l.location_id = ${upper} or p.provider_id = ${text})
    order by o.name, o.id
    limit 20`.execute(ctx.db);
  const other = wanted === 'location' ? 'provider' : 'location';
  const ofKind = byId.rows.filter((r) => r.kind === wanted);
  if (ofKind.length === 1) return { kind: 'found', id: ofKind[0]!.id, name: ofKind[0]!.name };
  if (ofKind.length > 1) {
    const list = ofKind.slice(0, 5).map((r) => `${r.name} (${r.code})`).join(', ');
    return { kind: 'problem', message: `${ofKind.length} ${wanted}s have the code ${text}: ${list}. Enter the CQC ${wanted === 'location' ? 'Location' : 'Provider'} ID of the one to inspect` };
  }
  const wrongKind = byId.rows.find((r) => r.kind === other);
  if (wrongKind) {
    return wanted === 'location'
      ? { kind: 'problem', message: `${text} is the provider ${wrongKind.name}, not a location. Enter the CQC Location ID, ODS code or name of the location to inspect (a GP practice is a location), or choose Provider as what is inspected` }
      : { kind: 'problem', message: `${text} is the location ${wrongKind.name}, not a provider. Enter the CQC Provider ID or name of the provider that runs it, or choose Location as what is inspected` };
  }
  // Not an ID: a name (or postcode) naming exactly one service of the kind asked for.
  const found = await findInspectionSubjects(ctx, text, wanted, 1);
  const named = found.matches.filter((m) => m.kind === wanted);
  const exact = named.filter((m) => m.name.toLowerCase() === text.toLowerCase());
  const pick = exact.length === 1 ? exact : named;
  if (pick.length === 1 && !found.more) return { kind: 'found', id: pick[0]!.organisationId, name: pick[0]!.name };
  if (pick.length > 1 || found.more) {
    const list = pick.slice(0, 3).map((m) => `${m.name} (${m.code})`).join(', ');
    return { kind: 'problem', message: `More than one ${wanted} matches ${text}, for example ${list}. Enter the CQC ${wanted === 'location' ? 'Location' : 'Provider'} ID of the one to inspect, or find it by name or postcode` };
  }
  return { kind: 'problem', message: `No ${wanted} has the ID, ODS code or name ${text}. Check it, or find the ${wanted} by name or postcode` };
}
