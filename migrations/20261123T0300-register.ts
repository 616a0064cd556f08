import { sql, type Kysely } from 'kysely';

/**
 * The public register: CQC-compatible location and provider data beside the
 * organisations they describe (one organisations row per real organisation),
 * ratings with history, published reports, and a change feed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table register_providers (
      organisation_id uuid primary key references organisations(id),
      provider_id text not null unique,
      name text not null,
      type text,
      ownership_type text,
      registration_status text,
      registration_date date,
      deregistration_date date,
      companies_house_number text,
      brand_id text,
      brand_name text,
      region text,
      local_authority text,
      inspection_directorate text,
      source text not null,
      source_hash text not null,
      document jsonb,
      created_at timestamptz not null default now(),
      last_changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index register_providers_changed on register_providers (last_changed_at)`.execute(db);
  await sql`create index register_providers_name on register_providers (lower(name), provider_id)`.execute(db);

  await sql`
    create table register_locations (
      organisation_id uuid primary key references organisations(id),
      location_id text not null unique,
      provider_id text,
      provider_name text,
      name text not null,
      ods_code text,
      type text,
      registration_status text,
      registration_date date,
      deregistration_date date,
      dormancy text,
      care_home boolean,
      number_of_beds integer,
      town text,
      postcode text,
      postcode_norm text generated always as (upper(replace(coalesce(postcode, ''), ' ', ''))) stored,
      outward_code text generated always as (upper(split_part(trim(coalesce(postcode, '')), ' ', 1))) stored,
      region text,
      local_authority text,
      constituency text,
      icb_code text,
      icb_name text,
      latitude double precision,
      longitude double precision,
      inspection_directorate text,
      primary_inspection_category text,
      service_types text[] not null default '{}',
      specialisms text[] not null default '{}',
      regulated_activities text[] not null default '{}',
      brand_id text,
      brand_name text,
      overall_rating text,
      overall_rating_date date,
      overall_rating_date_precision text not null default 'day' check (overall_rating_date_precision in ('day','year')),
      overall_report_link_id text,
      overall_inherited boolean not null default false,
      last_inspection_date date,
      last_report_date date,
      search_text text generated always as (
        lower(name || ' ' || coalesce(provider_name, '') || ' ' || coalesce(town, '') || ' ' || coalesce(postcode, ''))
      ) stored,
      source text not null,
      source_hash text not null,
      document jsonb,
      created_at timestamptz not null default now(),
      last_changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index register_locations_search_trgm on register_locations using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`create index register_locations_postcode on register_locations (postcode_norm text_pattern_ops)`.execute(db);
  await sql`create index register_locations_outward on register_locations (outward_code)`.execute(db);
  await sql`create index register_locations_provider on register_locations (provider_id)`.execute(db);
  await sql`create index register_locations_name on register_locations (lower(name), location_id)`.execute(db);
  await sql`create index register_locations_rating_date on register_locations (overall_rating_date desc nulls last, location_id)`.execute(db);
  await sql`create index register_locations_la on register_locations (local_authority)`.execute(db);
  await sql`create index register_locations_region on register_locations (region)`.execute(db);
  await sql`create index register_locations_rating on register_locations (overall_rating)`.execute(db);
  await sql`create index register_locations_type on register_locations (type)`.execute(db);
  await sql`create index register_locations_service_types on register_locations using gin (service_types)`.execute(db);
  await sql`create index register_locations_specialisms on register_locations using gin (specialisms)`.execute(db);
  await sql`create index register_locations_changed on register_locations (last_changed_at)`.execute(db);

  // Ratings of a location or provider. `current` marks what is shown now; rows are never
  // deleted by an import, so superseded ratings stay as history.
  await sql`
    create table ratings (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id),
      scope text not null check (scope in ('overall','key_question','service')),
      name text not null default '',
      key_question text not null default '',
      rating text not null,
      report_date date,
      date_precision text not null default 'day' check (date_precision in ('day','year')),
      report_link_id text,
      inherited boolean not null default false,
      source text not null,
      current boolean not null default false,
      recorded_at timestamptz not null default now(),
      superseded_at timestamptz
    )`.execute(db);
  await sql`
    create unique index ratings_natural_key on ratings (
      organisation_id, scope, name, key_question, rating, coalesce(report_date, '-infinity'::date), coalesce(report_link_id, '')
    )`.execute(db);
  await sql`create index ratings_current on ratings (organisation_id) where current`.execute(db);

  await sql`
    create table reports (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id),
      link_id text not null,
      report_date date,
      report_type text,
      report_uri text,
      first_visit_date date,
      source text not null,
      created_at timestamptz not null default now(),
      unique (organisation_id, link_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table reports`.execute(db);
  await sql`drop table ratings`.execute(db);
  await sql`drop table register_locations`.execute(db);
  await sql`drop table register_providers`.execute(db);
}
