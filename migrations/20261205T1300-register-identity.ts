import { sql, type Kysely } from 'kysely';

/**
 * Identity on real national data (docs/identifiers.md): an ODS code is an attribute several
 * locations may share (re-registrations keep it, branch sites share it), never a unique key;
 * a provider is never a GP practice, so a provider holding a GP practice code (a letter and five
 * digits) gets an id of its own, minted in Inspectorate's namespace. Also: postcode districts
 * (outward codes) with a position and a council, for "near" search and for practices known only
 * from the NHS list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists organisations_kind_ods_code`.execute(db);
  await sql`create index organisations_ods_code on organisations (ods_code, kind) where ods_code is not null`.execute(db);

  // Providers that were stored under a GP practice's ODS code get their own minted id.
  await sql`
    create temporary table provider_remint on commit drop as
    select o.id, o.ods_code as old_code,
           'INS-PRV-' || lpad(nextval('organisation_minted_id_seq')::text, 6, '0') as minted
    from organisations o
    where o.kind = 'provider' and o.ods_code ~ '^[A-Z][0-9]{5}$' and o.cqc_provider_id is null`.execute(db);
  await sql`
    update organisations o set ods_code = null, minted_id = coalesce(o.minted_id, r.minted), updated_at = now()
    from provider_remint r where o.id = r.id`.execute(db);
  await sql`
    update register_locations l set provider_id = coalesce(o.minted_id, r.minted), last_changed_at = now()
    from register_providers p join provider_remint r on r.id = p.organisation_id join organisations o on o.id = r.id
    where l.provider_id = p.provider_id`.execute(db);
  await sql`
    update register_providers p set provider_id = o.minted_id, last_changed_at = now()
    from provider_remint r join organisations o on o.id = r.id where p.organisation_id = r.id`.execute(db);
  // The NHS list's open date is not a CQC registration date: "registered since" is shown only when known.
  await sql`update register_locations set registration_date = null where source = 'gp-practices'`.execute(db);
  await sql`update register_providers set registration_date = null where source = 'gp-practices'`.execute(db);

  await sql`
    create table postcode_districts (
      outward_code text primary key,
      latitude double precision not null,
      longitude double precision not null,
      local_authority text,
      local_authority_source text,
      region text
    )`.execute(db);
  await sql`create index register_locations_ods on register_locations (ods_code) where ods_code is not null`.execute(db);
  await sql`create index register_locations_name_trgm on register_locations using gin (lower(name) gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists register_locations_name_trgm`.execute(db);
  await sql`drop index if exists register_locations_ods`.execute(db);
  await sql`drop table postcode_districts`.execute(db);
  await sql`drop index if exists organisations_ods_code`.execute(db);
}
