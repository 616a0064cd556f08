/**
 * What every import reports: counts, rejected rows with reasons (written to a CSV report
 * file), and progress on a terminal.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { countOf } from '../../domain/shared/plain-words.js';

export const IMPORT_KINDS = ['cqc-directory', 'cqc-locations', 'cqc-providers', 'gp-practices', 'gp-patient-survey'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary extends ImportCounts {
  kind: ImportKind;
  /** Records that appeared again later in the file (the later one is kept; each is a report line). */
  repeated?: number;
  /** Lines in the report that are not rejections (how records were matched). */
  notes?: number;
  /** What happened to benchmark figures (the GP Patient Survey). */
  benchmarks?: string;
  file: string;
  rejectsFile: string | null;
  /** Locations still waiting for their provider (linked when it is imported). */
  unlinked?: number;
  seconds: number;
}

export class WrongKindError extends Error {}

export function emptyCounts(): ImportCounts {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Collects rejected rows, and notes about rows that were stored (repeated records, how a record was
 * matched); the report file is created only when there is something to report.
 */
export class RejectsReport {
  private stream: WriteStream | undefined;
  readonly file: string;
  count = 0;
  notes = 0;

  constructor(dir: string, kind: ImportKind, now: Date) {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    this.file = path.join(dir, `${kind}-${stamp}.csv`);
  }

  add(position: string, id: string | undefined, reason: string): void {
    this.count++;
    this.line(position, id, 'rejected', reason);
  }

  /** A line about a row that was stored (not counted as rejected). */
  note(position: string, id: string | undefined, reason: string): void {
    this.notes++;
    this.line(position, id, 'note', reason);
  }

  private line(position: string, id: string | undefined, outcome: 'rejected' | 'note', reason: string): void {
    if (!this.stream) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.stream = createWriteStream(this.file);
      this.stream.write('position,id,outcome,reason\n');
    }
    this.stream.write(`${csvCell(position)},${csvCell(id ?? '')},${outcome},${csvCell(reason)}\n`);
  }

  async close(): Promise<string | null> {
    if (!this.stream) return null;
    const s = this.stream;
    await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return this.file;
  }
}

export interface Progress {
  /** `fraction`: how much of the source has been read (0-1), when known. */
  tick(counts: ImportCounts, fraction?: number): void;
  done(): void;
}

/** Below this many records no bar is drawn: a small file is done before a bar would help. */
export const PROGRESS_BAR_AFTER = 2000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** One progress line: a bar, records read, the rate and the time left (when the size is known). */
export function progressLine(label: string, c: ImportCounts, elapsedSeconds: number, fraction: number | undefined, width = 24): string {
  const rate = c.read / Math.max(0.001, elapsedSeconds);
  const parts = [`${label}`];
  if (fraction !== undefined && fraction > 0) {
    const f = Math.min(1, fraction);
    const filled = Math.round(f * width);
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(f * 100)}%`);
  }
  parts.push(`${c.read.toLocaleString('en-GB')} read`, `${c.rejected.toLocaleString('en-GB')} rejected`, `${Math.round(rate).toLocaleString('en-GB')}/s`);
  if (fraction !== undefined && fraction > 0 && fraction < 1) parts.push(`about ${duration((elapsedSeconds * (1 - fraction)) / fraction)} left`);
  return parts.join('  ');
}

/** A progress bar on stderr when it is a terminal and the file is more than a few thousand records; silent otherwise. */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  const started = Date.now();
  return {
    tick: (c, fraction) => {
      const now = Date.now();
      if (c.read < PROGRESS_BAR_AFTER || now - last < 200) return;
      last = now;
      drawn = true;
      stream.write(`\r${progressLine(label, c, (now - started) / 1000, fraction)}   `);
    },
    done: () => {
      if (drawn) stream.write('\n');
    },
  };
}

export const silentProgress: Progress = { tick: () => undefined, done: () => undefined };

export function formatSummary(s: ImportSummary): string[] {
  const lines = [
    `Imported ${s.file} as ${s.kind} in ${s.seconds.toFixed(1)} s`,
    `  rows read:  ${s.read}`,
    `  inserted:   ${s.inserted}`,
    `  updated:    ${s.updated}`,
    `  unchanged:  ${s.unchanged}`,
    `  rejected:   ${s.rejected}${s.rejectsFile ? ` (reasons in ${s.rejectsFile})` : ''}`,
  ];
  if (s.repeated) lines.push(`  repeated:   ${countOf(s.repeated, 'record')} ${s.repeated === 1 ? 'appears' : 'appear'} more than once: the later one is kept, each is a line in the report`);
  if (s.benchmarks) lines.push(`  benchmarks: ${s.benchmarks}`);
  if (s.rejectsFile) lines.push(`  report:     ${s.rejectsFile}${s.notes ? ` (${countOf(s.notes, 'note')} on stored records)` : ''}`);
  if (s.unlinked) lines.push(`  ${countOf(s.unlinked, 'location')} ${s.unlinked === 1 ? 'waits for its provider: it is' : 'wait for their provider: they are'} linked when it is imported`);
  return lines;
}
