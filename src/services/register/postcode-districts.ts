/**
 * Postcode districts (outward codes, "LU2") with a position and, where it can be found, the
 * council. Used for "near a postcode" search and to give practices known only from the NHS list
 * a local authority. How a council is found, in order (docs/identifiers.md):
 *   1. the full postcode in an ONS Postcode Directory extract (here: every Trafford postcode);
 *   2. the council CQC's own records give most often for registered locations in the same district;
 *   3. the district's county in the 2014 outward-code file, when that names a council (not a
 *      metropolitan county or Greater London, which have no single council).
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { Executor } from '../../data/database.js';
import { normalisePostcode, text } from '../import/cqc-api.mapping.js';
import { openCsv } from '../import/csv-records.js';

/** Counties in the 2014 file that are not one council: several councils share each. */
const NOT_ONE_COUNCIL = new Set(
  ['Greater London', 'Greater Manchester', 'West Midlands', 'Merseyside', 'South Yorkshire', 'West Yorkshire', 'Tyne and Wear', 'Tyne & Wear', 'Avon', 'Cleveland', 'Humberside', 'Berkshire', 'Bedfordshire', 'Cheshire', 'Cumbria', 'North Yorkshire', 'Dorset', 'Somerset', 'Northamptonshire', 'Buckinghamshire']
    .map((s) => s.toLowerCase()),
);

export interface District {
  outward_code: string;
  latitude: number;
  longitude: number;
  local_authority: string | null;
  local_authority_source: string | null;
  region: string | null;
}

/** The districts of England in the 2014 outward-code file. */
export async function readDistricts(file: string): Promise<District[]> {
  const out: District[] = [];
  if (!existsSync(file)) return out;
  const csv = await openCsv(file);
  for await (const row of csv.rows) {
    if (row.cells.get('countrycode') !== 'ENG') continue;
    const code = text(row.cells.get('postcode'))?.toUpperCase();
    const lat = Number(row.cells.get('latitude'));
    const lon = Number(row.cells.get('longitude'));
    if (!code || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const county = text(row.cells.get('county'));
    const council = county && !NOT_ONE_COUNCIL.has(county.toLowerCase()) ? county : null;
    out.push({ outward_code: code, latitude: lat, longitude: lon, local_authority: council, local_authority_source: council ? 'outward-code-county-2014' : null, region: text(row.cells.get('regionname')) });
  }
  return out;
}

/** Full postcode → council, from an ONS Postcode Directory extract (postcode, la_name columns). */
export async function readFullPostcodeCouncils(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  const csv = await openCsv(file);
  for await (const row of csv.rows) {
    const pc = normalisePostcode(row.cells.get('postcode'));
    const la = text(row.cells.get('laname'));
    if (pc && la) out.set(pc, la);
  }
  return out;
}

/**
 * Loads the districts (idempotent: a re-run changes nothing), then lets CQC's own records decide a
 * district's council where they agree most often.
 */
export async function refreshPostcodeDistricts(db: Executor, outcodesFile: string): Promise<number> {
  const districts = await readDistricts(outcodesFile);
  for (let i = 0; i < districts.length; i += 1000) {
    const slice = districts.slice(i, i + 1000);
    await db
      .insertInto('postcode_districts')
      .values(slice)
      .onConflict((oc) =>
        oc.column('outward_code').doUpdateSet((eb) => ({
          latitude: eb.ref('excluded.latitude'),
          longitude: eb.ref('excluded.longitude'),
          region: eb.ref('excluded.region'),
          local_authority: sql`case when postcode_districts.local_authority_source = 'cqc-records' then postcode_districts.local_authority else excluded.local_authority end`,
          local_authority_source: sql`case when postcode_districts.local_authority_source = 'cqc-records' then postcode_districts.local_authority_source else excluded.local_authority_source end`,
        })),
      )
      .execute();
  }
  await sql`
    update postcode_districts d set local_authority = m.la, local_authority_source = 'cqc-records'
    from (
      select outward_code, mode() within group (order by local_authority) as la
      from register_locations
      where source <> 'gp-practices' and local_authority is not null and outward_code <> ''
      group by outward_code
    ) m
    where d.outward_code = m.outward_code and (d.local_authority, d.local_authority_source) is distinct from (m.la, 'cqc-records')`.execute(db);
  return districts.length;
}

/** Practices with no council of their own get their district's (rule 2 or 3 above). */
export async function fillCouncilsFromDistricts(db: Executor): Promise<void> {
  await sql`
    update register_locations l set local_authority = d.local_authority
    from postcode_districts d
    where l.local_authority is null and l.source = 'gp-practices' and d.outward_code = l.outward_code and d.local_authority is not null`.execute(db);
  await sql`
    update register_providers p set local_authority = l.local_authority
    from register_locations l join organisations o on o.id = l.organisation_id
    where p.organisation_id = o.parent_id and p.local_authority is null and p.source = 'gp-practices' and l.local_authority is not null`.execute(db);
}
