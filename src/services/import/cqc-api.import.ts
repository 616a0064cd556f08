/**
 * `import cqc-locations` and `import cqc-providers`: records in the shape of CQC's
 * syndication API (a JSON array, NDJSON, one object, or a folder of .json files).
 */
import { prepareLocation, writeLocations, writeProviders } from './register-writes.js';
import type { ServiceContext } from '../context.js';
import { apiRecordKind, mapApiLocation, mapApiProvider, type MapResult } from './cqc-api.mapping.js';
import { WrongKindError, type ImportSummary } from './import-run.js';
import { ReadMeter } from './decode.js';
import { openJsonRecords, UnreadableFileError, type JsonRecord } from './json-records.js';
import { runImport, type ImportOptions, type SourceItem } from './run-import.js';

type Expected = 'location' | 'provider';

const DESCRIPTION: Record<Expected, string> = {
  location: 'CQC location records (GET /locations/{id} responses, each with a "locationId"), as a JSON array, NDJSON or a folder of .json files',
  provider: 'CQC provider records (GET /providers/{id} responses, each with a "providerId" and "organisationType": "Provider"), as a JSON array, NDJSON or a folder of .json files',
};

/** Reads up to the first parseable record and refuses a file of the wrong kind before anything is written. */
async function checkedRecords(file: string, expected: Expected, meter: ReadMeter): Promise<AsyncGenerator<JsonRecord>> {
  let records: AsyncGenerator<JsonRecord>;
  let first: IteratorResult<JsonRecord>;
  // Leading values that are not JSON (a truncated first element) are reported, not a reason to refuse the file.
  const unreadable: JsonRecord[] = [];
  try {
    records = await openJsonRecords(file, meter);
    first = await records.next();
    while (!first.done && first.value.error && unreadable.length < 50) {
      unreadable.push(first.value);
      first = await records.next();
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw new WrongKindError(`${file} cannot be imported: ${e.message}. Expected ${DESCRIPTION[expected]}.`);
    throw e;
  }
  if (first.done && unreadable.length === 0) throw new WrongKindError(`${file} has no records. Expected ${DESCRIPTION[expected]}.`);
  const kind = first.done || first.value.error ? 'unreadable' : apiRecordKind(first.value.value);
  if (kind !== expected) {
    const seen =
      kind === 'list-page'
        ? 'a list page (GET /locations or /providers: ids and names only)'
        : kind === 'unreadable'
          ? `unreadable JSON (${(first.done ? unreadable[0]?.error : first.value.error) ?? ''})`
          : kind === 'unknown'
            ? 'records that are neither locations nor providers'
            : `${kind} records`;
    throw new WrongKindError(`${file} holds ${seen}. Expected ${DESCRIPTION[expected]}.`);
  }
  return prependAll([...unreadable, first.value], records);
}

async function* mapped<T extends { registerId: string }>(records: AsyncIterable<JsonRecord>, map: (v: unknown) => MapResult<T>): AsyncGenerator<SourceItem<T>> {
  for await (const r of records) {
    if (r.error) {
      yield { position: r.position, reason: r.error };
      continue;
    }
    const m = map(r.value);
    yield m.ok ? { position: r.position, id: m.record.registerId, record: m.record } : { position: r.position, id: m.id, reason: m.reason };
  }
}

export async function importCqcLocations(ctx: ServiceContext, file: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const meter = new ReadMeter();
  const records = await checkedRecords(file, 'location', meter);
  return runImport(ctx, 'cqc-locations', file, mapped(records, (v) => mapApiLocation(v)), writeLocations, { batchSize: 2000, fraction: () => meter.fraction(), prepare: prepareLocation, ...opts });
}

export async function importCqcProviders(ctx: ServiceContext, file: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const meter = new ReadMeter();
  const records = await checkedRecords(file, 'provider', meter);
  return runImport(ctx, 'cqc-providers', file, mapped(records, (v) => mapApiProvider(v)), writeProviders, { fraction: () => meter.fraction(), ...opts });
}

async function* prependAll<T>(firsts: T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* firsts;
  for (;;) {
    const n = await rest.next();
    if (n.done) return;
    yield n.value;
  }
}
