/**
 * What every import reports: counts, rejected rows with reasons (written to a CSV report
 * file), and progress on a terminal.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

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

/** Collects rejected rows; the report file is created only when there is something to report. */
export class RejectsReport {
  private stream: WriteStream | undefined;
  readonly file: string;
  count = 0;

  constructor(dir: string, kind: ImportKind, now: Date) {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    this.file = path.join(dir, `${kind}-${stamp}.csv`);
  }

  add(position: string, id: string | undefined, reason: string): void {
    if (!this.stream) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.stream = createWriteStream(this.file);
      this.stream.write('position,id,reason\n');
    }
    this.count++;
    this.stream.write(`${csvCell(position)},${csvCell(id ?? '')},${csvCell(reason)}\n`);
  }

  async close(): Promise<string | null> {
    if (!this.stream) return null;
    const s = this.stream;
    await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return this.file;
  }
}

export interface Progress {
  tick(counts: ImportCounts): void;
  done(): void;
}

/** A one-line progress counter on stderr when it is a terminal; silent otherwise. */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick: () => undefined, done: () => undefined };
  let last = 0;
  const started = Date.now();
  return {
    tick: (c) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const rate = Math.round(c.read / Math.max(0.001, (now - started) / 1000));
      stream.write(`\r${label}: ${c.read.toLocaleString('en-GB')} read, ${c.rejected} rejected (${rate.toLocaleString('en-GB')}/s)   `);
    },
    done: () => stream.write('\n'),
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
  if (s.unlinked) lines.push(`  ${s.unlinked} location(s) wait for their provider: they are linked when it is imported`);
  return lines;
}
