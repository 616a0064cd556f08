/**
 * Finding what to inspect: a location or provider by name (small typos forgiven), postcode, CQC
 * location or provider ID, ODS code or Inspectorate ID. Every GP practice is a location here,
 * including practices known only from the NHS list; a provider-level inspection is offered only
 * for providers.
 */
import { sql } from 'kysely';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';

export const SUBJECT_KINDS = ['location', 'provider'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface SubjectMatch {
  organisationId: string;
  /** 'location' or 'provider' for a subject; a participant may also be a commissioner or local authority. */
  kind: SubjectKind | 'commissioner' | 'local_authority';
  name: string;
  /** What to type in the plan form's subject field: a CQC ID, the register's ID, or an Inspectorate ID. */
  code: string;
  odsCode: string | null;
  town: string | null;
  postcode: string | null;
  registrationStatus: string | null;
  providerName: string | null;
  /** How it matched: "ID", "postcode" or "name". */
  matchedBy: 'id' | 'postcode' | 'name';
}

export const SUBJECT_PAGE_SIZE = 20;

/** Issue 15: any kind of organisation that can take part in an inspection (for adding participants). */
export const PARTICIPANT_ORGANISATION_KINDS = ['location', 'provider', 'commissioner', 'local_authority'] as const;

export async function findInspectionSubjects(ctx: ServiceContext, rawQuery: string, kind: SubjectKind | null, page = 1, opts: { kinds?: readonly (typeof PARTICIPANT_ORGANISATION_KINDS)[number][] } = {}): Promise<{ matches: SubjectMatch[]; more: boolean }> {
  const kinds: readonly string[] = opts.kinds ?? SUBJECT_KINDS;
  const user = requireUser(ctx);
  if (!isRegulatorRole(user.role)) throw new NotFoundError();
  const q = rawQuery.trim().replace(/\s+/g, ' ').slice(0, 100);
  if (q.length < 2) return { matches: [], more: false };
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  const compact = upper.replace(/\s+/g, '');
  const like = `%${lower.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const offset = (Math.max(1, page) - 1) * SUBJECT_PAGE_SIZE;
  const rows = await sql<{
    id: string;
    kind: SubjectMatch['kind'];
    name: string;
    code: string;
    ods_code: string | null;
    town: string | null;
    postcode: string | null;
    registration_status: string | null;
    provider_name: string | null;
    matched_by: 'id' | 'postcode' | 'name';
  }>`
    with c as (
      select o.id, o.kind, o.name, o.ods_code, o.town, o.postcode,
        coalesce(l.registration_status, p.registration_status) as registration_status,
        coalesce(l.provider_name, parent.name) as provider_name,
        case when o.kind = 'location' then coalesce(o.cqc_location_id, l.location_id, o.minted_id, o.id::text)
             when o.kind = 'local_authority' then coalesce(o.local_authority_code, o.minted_id, o.id::text)
             when o.kind = 'commissioner' then coalesce(o.ods_code, o.minted_id, o.id::text)
             else coalesce(o.cqc_provider_id, p.provider_id, o.minted_id, o.id::text) end as code,
        case
          when o.cqc_location_id = ${q} or o.cqc_provider_id = ${q} or o.minted_id = ${upper} or l.location_id = ${upper} or p.provider_id = ${q} or o.ods_code = ${upper} or upper(o.local_authority_code) = ${upper} then 'id'
          when upper(replace(coalesce(o.postcode, ''), ' ', '')) like ${`${compact}%`} and ${compact.length >= 2 && /\d/.test(compact)} then 'postcode'
          when lower(o.name) like ${like} or word_similarity(${lower}, lower(o.name)) >= 0.6 then 'name'
        end as matched_by,
        word_similarity(${lower}, lower(o.name)) + similarity(lower(o.name), ${lower}) as score
      from organisations o
      left join register_locations l on l.organisation_id = o.id
      left join register_providers p on p.organisation_id = o.id
      left join organisations parent on parent.id = o.parent_id
      where o.kind in (${sql.join(kinds.map((k) => sql`${k}`))}) ${kind ? sql`and o.kind = ${kind}` : sql``}
    )
    select id, kind, name, code, ods_code, town, postcode, registration_status, provider_name, matched_by from c
    where matched_by is not null
    order by case matched_by when 'id' then 0 when 'postcode' then 1 else 2 end,
      case when registration_status = 'Deregistered' then 1 else 0 end, score desc, name, id
    limit ${SUBJECT_PAGE_SIZE + 1} offset ${offset}`.execute(ctx.db);
  const matches = rows.rows.slice(0, SUBJECT_PAGE_SIZE).map((r) => ({
    organisationId: r.id,
    kind: r.kind,
    name: r.name,
    code: r.code,
    odsCode: r.ods_code,
    town: r.town,
    postcode: r.postcode,
    registrationStatus: r.registration_status,
    providerName: r.provider_name,
    matchedBy: r.matched_by,
  }));
  return { matches, more: rows.rows.length > SUBJECT_PAGE_SIZE };
}
