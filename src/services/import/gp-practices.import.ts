/**
 * GP practices known only by their NHS ODS code: CQC's overall ratings of GP practices
 * (cqc-gp-overall-2024/cqc.csv) joined with the NHS ODS practice list (epraccur.csv) for
 * names and addresses. Each practice becomes a register location (its register id is its ODS
 * code until a CQC record for it arrives and takes it over, docs/identifiers.md) and a provider
 * with an id of its own, minted in Inspectorate's namespace: the NHS list does not say who the
 * provider is, and an ODS practice code identifies the practice, never its provider. The council
 * and ICB come from the postcode and the reference list (postcode-districts.ts, icb-reference.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { LocationRecord, ProviderRecord } from '../../data/repositories/register-write.repository.js';
import type { Trx } from '../../data/database.js';
import { icbByName } from '../reference/icb-reference.js';
import { fillCouncilsFromDistricts, readFullPostcodeCouncils, refreshPostcodeDistricts } from '../register/postcode-districts.js';
import { writeLocations, writeProviders } from './register-writes.js';
import { normaliseCqcRating } from '../../domain/vocabulary/ratings.js';
import type { ServiceContext } from '../context.js';
import { isoDate, normalisePostcode, text } from './cqc-api.mapping.js';
import { openCsv } from './csv-records.js';
import { splitPracticeAddress } from './epraccur-address.js';
import { lines, readTextFile } from './decode.js';
import type { ImportSummary } from './import-run.js';
import { runImport, type ImportOptions, type SourceItem } from './run-import.js';
import { nameTooLong } from './name-limit.js';

export function titleCase(v: string | null): string | null {
  if (!v) return null;
  return v.toLowerCase().replace(/\b([a-z])([a-z']*)/g, (_m, a: string, b: string) => a.toUpperCase() + b).replace(/\b(Nhs|Gp|Uk)\b/g, (m) => m.toUpperCase());
}

interface EpraccurRow {
  name: string;
  lines: string[];
  town: string | null;
  county: string | null;
  postcode: string | null;
  openDate: string | null;
  closeDate: string | null;
  status: string;
  phone: string | null;
}

/** epraccur.csv has no header row: columns by position (see its PROVENANCE.md). */
async function readEpraccur(file: string): Promise<Map<string, EpraccurRow>> {
  const out = new Map<string, EpraccurRow>();
  for await (const line of lines(readTextFile(file))) {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)|(?<=,|^)(?=,|$)/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"'));
    const code = text(cells[0]);
    if (!code) continue;
    out.set(code, {
      name: cells[1] ?? code,
      ...splitPracticeAddress([cells[4], cells[5], cells[6], cells[7], cells[8]]),
      postcode: normalisePostcode(cells[9]),
      openDate: isoDate(cells[10]),
      closeDate: isoDate(cells[11]),
      status: text(cells[12]) ?? 'A',
      phone: text(cells[17]),
    });
  }
  return out;
}

/** Postcode district → region and centre, from the (old, partly wrong) 2014 district file; England only. */
async function readOutcodes(file: string): Promise<Map<string, { region: string | null; lat: number; lon: number }>> {
  const out = new Map<string, { region: string | null; lat: number; lon: number }>();
  if (!existsSync(file)) return out;
  const csv = await openCsv(file);
  for await (const row of csv.rows) {
    if (row.cells.get('countrycode') !== 'ENG') continue;
    const district = text(row.cells.get('postcode'));
    if (!district) continue;
    out.set(district.toUpperCase(), { region: text(row.cells.get('regionname')), lat: Number(row.cells.get('latitude')), lon: Number(row.cells.get('longitude')) });
  }
  return out;
}

export interface GpPractice {
  provider: ProviderRecord;
  location: LocationRecord;
}

export function gpPracticeFiles(dataDir: string): { ratings: string; epraccur: string; outcodes: string; fullPostcodes: string } {
  return {
    ratings: path.join(dataDir, 'cqc-gp-overall-2024', 'cqc.csv'),
    epraccur: path.join(dataDir, 'nhs-ods-epraccur', 'epraccur.csv'),
    outcodes: path.join(dataDir, 'postcode-centroids', 'uk_outcodes_2014.csv'),
    fullPostcodes: path.join(dataDir, 'postcode-centroids', 'trafford_postcodes_2025-02.csv'),
  };
}

async function* practices(dataDir: string, projectRoot: string): AsyncGenerator<SourceItem<GpPractice>> {
  const files = gpPracticeFiles(dataDir);
  const [ods, outcodes, councils, ratings] = await Promise.all([readEpraccur(files.epraccur), readOutcodes(files.outcodes), readFullPostcodeCouncils(files.fullPostcodes), openCsv(files.ratings)]);
  // The file repeats a few codes: the latest year wins.
  const latest = new Map<string, { line: number; cells: Map<string, string> }>();
  for await (const row of ratings.rows) {
    const code = text(row.cells.get('practicecode'))?.toUpperCase();
    if (!code) {
      yield { position: `line ${row.line}`, reason: `Practice.Code is blank or NA (practice "${row.cells.get('locationname') ?? ''}")` };
      continue;
    }
    const prev = latest.get(code);
    if (prev && Number(prev.cells.get('year')) > Number(row.cells.get('year'))) continue;
    latest.set(code, row);
  }
  for (const [code, row] of latest) {
    const position = `line ${row.line}`;
    const rating = normaliseCqcRating(row.cells.get('latestrating'));
    const year = text(row.cells.get('year'));
    if (!rating) {
      yield { position, id: code, reason: `latest_rating "${row.cells.get('latestrating') ?? ''}" is not a CQC rating` };
      continue;
    }
    if (!year || !/^\d{4}$/.test(year)) {
      yield { position, id: code, reason: `Year "${year ?? ''}" is not a year` };
      continue;
    }
    const o = ods.get(code);
    const name = text(row.cells.get('locationname')) ?? titleCase(o?.name ?? null) ?? code;
    const longName = nameTooLong('Location.Name', name);
    if (longName) {
      yield { position, id: code, reason: longName };
      continue;
    }
    const postcode = o?.postcode ?? null;
    const district = postcode?.split(' ')[0];
    const geo = district ? outcodes.get(district) : undefined;
    const status = o?.status === 'C' ? 'Deregistered' : 'Registered';
    const inherited = (text(row.cells.get('inheritedratingyn')) ?? 'N').toUpperCase().startsWith('Y');
    const address = (o?.lines ?? []).map((l) => titleCase(l) as string);
    const reportDate = `${year}-01-01`;
    const icb = icbByName(projectRoot, text(row.cells.get('icbname')));
    const council = postcode ? (councils.get(postcode) ?? null) : null;
    const provider: ProviderRecord = {
      // Assigned when written: the provider already holding this practice, or a newly minted id.
      registerId: '',
      cqcProviderId: null,
      odsCode: null,
      name,
      type: 'Primary Medical Services',
      ownershipType: null,
      registrationStatus: status,
      // The NHS list's open date (1 April 1974 for every practice older than that) is not a CQC registration.
      registrationDate: null,
      deregistrationDate: o?.closeDate ?? null,
      companiesHouseNumber: null,
      brandId: null,
      brandName: null,
      addressLine1: address[0] ?? null,
      addressLine2: address.slice(1).join(', ') || null,
      town: titleCase(o?.town ?? null),
      county: titleCase(o?.county ?? null),
      postcode,
      phone: o?.phone ?? null,
      website: null,
      region: geo?.region ?? null,
      localAuthority: council,
      inspectionDirectorate: 'Primary medical services',
      ratings: [],
      document: null,
      source: 'gp-practices',
    };
    const location: LocationRecord = {
      registerId: code,
      cqcLocationId: null,
      providerId: code,
      name,
      odsCode: code,
      type: 'Primary Medical Services',
      registrationStatus: status,
      registrationDate: null,
      deregistrationDate: o?.closeDate ?? null,
      dormancy: o?.status === 'D' ? 'Y' : 'N',
      careHome: false,
      numberOfBeds: 0,
      addressLine1: provider.addressLine1,
      addressLine2: provider.addressLine2,
      town: provider.town,
      county: provider.county,
      postcode,
      phone: provider.phone,
      website: null,
      region: geo?.region ?? null,
      localAuthority: council,
      constituency: null,
      icbCode: icb?.code ?? null,
      icbName: icb?.name ?? null,
      latitude: geo ? geo.lat : null,
      longitude: geo ? geo.lon : null,
      inspectionDirectorate: 'Primary medical services',
      primaryInspectionCategory: 'GP Practices',
      serviceTypes: ['Doctors/Gps'],
      specialisms: [],
      regulatedActivities: [],
      brandId: null,
      brandName: null,
      lastInspectionDate: null,
      lastReportDate: null,
      overall: { rating, reportDate, precision: 'year', linkId: null, inherited },
      ratings: [{ scope: 'overall', name: '', rating, reportDate, precision: 'year', linkId: null, inherited, current: true }],
      reports: [],
      document: null,
      source: 'gp-practices',
    };
    yield { position, id: code, record: { provider, location } };
  }
}

/**
 * The provider id of each practice: the provider already holding the practice's register location
 * (stored under its ODS code), or the parent of the one location known only by that ODS code; for
 * the rest a new id in Inspectorate's namespace (INS-PRV-...).
 */
async function practiceProviderIds(trx: Trx, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (codes.length === 0) return out;
  const held = await sql<{ code: string; provider_id: string }>`
    select l.location_id as code, coalesce(p.provider_id, parent.minted_id) as provider_id
    from register_locations l
    join organisations o on o.id = l.organisation_id
    join organisations parent on parent.id = o.parent_id
    left join register_providers p on p.organisation_id = parent.id
    where l.location_id = any(${codes}::text[]) and coalesce(p.provider_id, parent.minted_id) is not null
    union all
    select o.ods_code as code, coalesce(p.provider_id, parent.minted_id) as provider_id
    from organisations o
    join organisations parent on parent.id = o.parent_id
    left join register_providers p on p.organisation_id = parent.id
    where o.kind = 'location' and o.ods_code = any(${codes}::text[]) and o.cqc_location_id is null
      and not exists (select 1 from register_locations l where l.organisation_id = o.id)
      and coalesce(p.provider_id, parent.minted_id) is not null
      and (select count(*) from organisations x where x.kind = 'location' and x.ods_code = o.ods_code and x.cqc_location_id is null) = 1`.execute(trx);
  for (const h of held.rows) if (!out.has(h.code)) out.set(h.code, h.provider_id);
  const missing = codes.filter((c) => !out.has(c));
  if (missing.length) {
    const minted = await sql<{ n: number }>`select nextval('organisation_minted_id_seq')::int as n from generate_series(1, ${missing.length})`.execute(trx);
    missing.forEach((c, i) => out.set(c, `INS-PRV-${String(minted.rows[i]?.n ?? 0).padStart(6, '0')}`));
  }
  return out;
}

export async function importGpPractices(ctx: ServiceContext, dataDir: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const files = gpPracticeFiles(dataDir);
  await refreshPostcodeDistricts(ctx.db, files.outcodes);
  const summary = await runImport(
    ctx,
    'gp-practices',
    files.ratings,
    practices(dataDir, ctx.config.projectRoot),
    async (trx, batch) => {
      // A practice already in the register from CQC's richer records (a location with a CQC id and
      // this ODS code) is left as it is: the thin GP file must not overwrite it.
      const codes = batch.map((b) => b.location.registerId);
      const covered = new Set(
        (
          await trx
            .selectFrom('organisations')
            .select('ods_code')
            .where('kind', '=', 'location')
            .where('ods_code', 'in', codes)
            .where('cqc_location_id', 'is not', null)
            .execute()
        ).map((r) => r.ods_code),
      );
      const rest = batch.filter((b) => !covered.has(b.location.registerId));
      if (rest.length === 0) return { inserted: 0, updated: 0, unchanged: batch.length };
      const providerIds = await practiceProviderIds(trx, rest.map((b) => b.location.registerId));
      for (const b of rest) {
        const id = providerIds.get(b.location.registerId) as string;
        b.provider.registerId = id;
        b.location.providerId = id;
      }
      await writeProviders(trx, rest.map((b) => b.provider));
      const counts = await writeLocations(trx, rest.map((b) => b.location));
      return { ...counts, unchanged: counts.unchanged + (batch.length - rest.length) };
    },
    opts,
  );
  await fillCouncilsFromDistricts(ctx.db);
  return summary;
}
