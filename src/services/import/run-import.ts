/**
 * The shared shape of every register import: one transaction (a failure leaves nothing
 * half-imported), batched writes, rejected rows counted and reported, one audit event.
 */
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { Trx } from '../../data/database.js';
import { transactionWithCopy } from '../../data/pg-copy.js';
import type { BatchCounts } from '../../data/repositories/register-write.repository.js';
import { countUnlinkedLocations } from '../../data/repositories/register-write.repository.js';
import { recordAudit } from '../audit.service.js';
import type { ServiceContext } from '../context.js';
import { emptyCounts, RejectsReport, silentProgress, type ImportKind, type ImportSummary, type Progress } from './import-run.js';

export interface ImportOptions {
  progress?: Progress;
  /** Where rejected rows are reported; default reports/import-rejects under the project. */
  rejectsDir?: string;
  batchSize?: number;
  /** How much of the source has been read (0-1), for the progress bar. */
  fraction?: () => number | undefined;
}

/** Work on a record that can be done as it is read, while the batch before it is being written. */
export interface RunOptions<T> extends ImportOptions {
  prepare?: (record: T) => void;
}

/** `rows`: how many source rows the item stands for (a care-directory location spans several). */
export type SourceItem<T> = { position: string; id?: string | undefined; rows?: number } & ({ record: T } | { reason: string });

/** How long the reader parses before letting replies from the database in (docs/performance.md, seventh pass). */
const TURN_MS = 1;

export async function runImport<T>(
  ctx: ServiceContext,
  kind: ImportKind,
  file: string,
  items: AsyncIterable<SourceItem<T>>,
  writeBatch: (trx: Trx, batch: T[]) => Promise<BatchCounts>,
  opts: RunOptions<T> = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const progress = opts.progress ?? silentProgress;
  const rejects = new RejectsReport(opts.rejectsDir ?? path.join(ctx.config.projectRoot, 'reports', 'import-rejects'), kind, ctx.clock.now());
  const counts = emptyCounts();
  const batchSize = opts.batchSize ?? 1000;
  let unlinked = 0;
  let repeated = 0;
  // Where each register id was last seen: a record repeated later in the file replaces the earlier one.
  const seen = new Map<string, string>();
  const positions = new Map<string, string>();
  try {
    // One client for the whole transaction, so the repositories can COPY new rows in it.
    await transactionWithCopy(ctx.db, async (trx) => {
      let batch: T[] = [];
      // One batch is written while the next is read and parsed: PostgreSQL and this process
      // work at the same time. Batches still reach the database one after another, in order.
      let writing: Promise<void> | undefined;
      const settle = async () => {
        const pending = writing;
        writing = undefined;
        if (pending) await pending;
      };
      const flush = async () => {
        await settle();
        if (batch.length === 0) return;
        const full = batch;
        batch = [];
        const write = writeBatch(trx, full).then((c) => {
          for (const n of c.notes ?? []) rejects.note(positions.get(n.registerId) ?? '', n.registerId, n.reason);
          counts.inserted += c.inserted;
          counts.updated += c.updated;
          counts.unchanged += c.unchanged + (full.length - c.inserted - c.updated - c.unchanged);
        });
        // Awaited by the next flush or at the end; never left unhandled if reading fails first.
        write.catch(() => undefined);
        writing = write;
      };
      let lastTurn = performance.now();
      for await (const item of items) {
        counts.read += item.rows ?? 1;
        if ('reason' in item) {
          counts.rejected++;
          rejects.add(item.position, item.id, item.reason);
        } else {
          if (item.id !== undefined) {
            const earlier = seen.get(item.id);
            if (earlier !== undefined) {
              repeated++;
              rejects.note(item.position, item.id, `the same record as at ${earlier}: the later one is kept`);
            }
            seen.set(item.id, item.position);
            positions.set(item.id, item.position);
          }
          opts.prepare?.(item.record);
          batch.push(item.record);
          if (batch.length >= batchSize) await flush();
        }
        progress.tick(counts, opts.fraction?.());
        // The file is read in large chunks whose records all parse without a pause: give the
        // event loop a turn every millisecond, so the write's replies from PostgreSQL are taken
        // (and its next statement sent) while parsing goes on, instead of leaving it idle.
        if (performance.now() - lastTurn > TURN_MS) {
          await setImmediate();
          lastTurn = performance.now();
        }
      }
      await flush();
      await settle();
      unlinked = await countUnlinkedLocations(trx);
      await recordAudit(trx, ctx, {
        action: 'REGISTER_IMPORTED',
        subjectType: 'register_import',
        subjectId: kind,
        after: { kind, file: path.basename(file), ...counts, repeated },
      });
    });
  } finally {
    progress.done();
  }
  const rejectsFile = await rejects.close();
  return { kind, file, ...counts, repeated, notes: rejects.notes, rejectsFile, unlinked, seconds: (Date.now() - started) / 1000 };
}

/** Puts a peeked first item back in front of the rest. */
export async function* prepend<T>(first: T | undefined, rest: AsyncIterator<T>): AsyncGenerator<T> {
  if (first !== undefined) yield first;
  for (;;) {
    const n = await rest.next();
    if (n.done) return;
    yield n.value;
  }
}
