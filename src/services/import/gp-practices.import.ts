/**
 * GP practices known only by their NHS ODS code: CQC's overall ratings of GP practices
 * (cqc-gp-overall-2024/cqc.csv) joined with the NHS ODS practice list (epraccur.csv) for
 * names and addresses. Each practice becomes a provider record and a location record with
 * the practice's ODS code (the rule other parts of the system use to find the same practice).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LocationRecord, ProviderRecord } from '../../data/repositories/register-write.repository.js';
import { writeLocations, writeProviders } from './register-writes.js';
import { normaliseRating } from '../../domain/register/rating-vocabulary.js';
import type { ServiceContext } from '../context.js';
import { isoDate, normalisePostcode, text } from './cqc-api.mapping.js';
import { openCsv } from './csv-records.js';
import { splitPracticeAddress } from './epraccur-address.js';
import { lines, readTextFile } from './decode.js';
import type { ImportSummary } from './import-run.js';
import { runImport, type ImportOptions, type SourceItem } from './run-import.js';

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

export function gpPracticeFiles(dataDir: string): { ratings: string; epraccur: string; outcodes: string } {
  return {
    ratings: path.join(dataDir, 'cqc-gp-overall-2024', 'cqc.csv'),
    epraccur: path.join(dataDir, 'nhs-ods-epraccur', 'epraccur.csv'),
    outcodes: path.join(dataDir, 'postcode-centroids', 'uk_outcodes_2014.csv'),
  };
}

async function* practices(dataDir: string): AsyncGenerator<SourceItem<GpPractice>> {
  const files = gpPracticeFiles(dataDir);
  const [ods, outcodes, ratings] = await Promise.all([readEpraccur(files.epraccur), readOutcodes(files.outcodes), openCsv(files.ratings)]);
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
    const rating = normaliseRating(row.cells.get('latestrating'));
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
    const postcode = o?.postcode ?? null;
    const district = postcode?.split(' ')[0];
    const geo = district ? outcodes.get(district) : undefined;
    const status = o?.status === 'C' ? 'Deregistered' : 'Registered';
    const inherited = (text(row.cells.get('inheritedratingyn')) ?? 'N').toUpperCase().startsWith('Y');
    const address = (o?.lines ?? []).map((l) => titleCase(l) as string);
    const reportDate = `${year}-01-01`;
    const provider: ProviderRecord = {
      registerId: code,
      cqcProviderId: null,
      odsCode: code,
      name,
      type: 'Primary Medical Services',
      ownershipType: 'Partnership or Individual',
      registrationStatus: status,
      registrationDate: o?.openDate ?? null,
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
      localAuthority: null,
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
      registrationDate: o?.openDate ?? null,
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
      localAuthority: null,
      constituency: null,
      icbCode: null,
      icbName: text(row.cells.get('icbname')),
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

export async function importGpPractices(ctx: ServiceContext, dataDir: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  return runImport(
    ctx,
    'gp-practices',
    gpPracticeFiles(dataDir).ratings,
    practices(dataDir),
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
      await writeProviders(trx, rest.map((b) => b.provider));
      const counts = await writeLocations(trx, rest.map((b) => b.location));
      return { ...counts, unchanged: counts.unchanged + covered.size };
    },
    opts,
  );
}
