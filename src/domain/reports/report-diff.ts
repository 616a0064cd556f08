/**
 * Compare any two saved versions of a report, section by section, word by word
 * (longest common subsequence). Very long sections fall back to paragraph level so the
 * comparison stays bounded.
 */
import type { ReportSection } from './report-sections.js';

export type DiffOp = 'equal' | 'insert' | 'delete';
export interface DiffPart {
  op: DiffOp;
  text: string;
}

export interface SectionDiff {
  key: string;
  heading: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  parts: DiffPart[];
}

export interface VersionDiff {
  sections: SectionDiff[];
  changed: number;
}

const MAX_CELLS = 4_000_000;

function tokenise(text: string, mode: 'words' | 'paragraphs'): string[] {
  return mode === 'words' ? (text.match(/\s+|[^\s]+/g) ?? []) : (text.match(/\n\s*\n|[^\n]+|\n/g) ?? []);
}

/** Whitespace kept between two changes is shown as part of them, deletions before insertions, so a changed phrase reads as one. */
function cleanup(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let i = 0;
  while (i < parts.length) {
    if (parts[i]!.op === 'equal') {
      out.push(parts[i]!);
      i++;
      continue;
    }
    const dels: string[] = [];
    const ins: string[] = [];
    while (i < parts.length) {
      const p = parts[i]!;
      if (p.op === 'delete') dels.push(p.text);
      else if (p.op === 'insert') ins.push(p.text);
      else if (/^\s+$/.test(p.text) && parts[i + 1] && parts[i + 1]!.op !== 'equal') {
        dels.push(p.text);
        ins.push(p.text);
      } else break;
      i++;
    }
    if (dels.length) out.push({ op: 'delete', text: dels.join('') });
    if (ins.length) out.push({ op: 'insert', text: ins.join('') });
  }
  return out;
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else if (p.text.length) out.push({ ...p });
  }
  return out;
}

/** Word-level diff of two texts. */
export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: 'equal', text: before }] : [];
  let a = tokenise(before, 'words');
  let b = tokenise(after, 'words');
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) {
    a = tokenise(before, 'paragraphs');
    b = tokenise(after, 'paragraphs');
  }
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return merge([{ op: 'delete', text: before }, { op: 'insert', text: after }]);
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      parts.push({ op: 'equal', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      parts.push({ op: 'delete', text: a[i]! });
      i++;
    } else {
      parts.push({ op: 'insert', text: b[j]! });
      j++;
    }
  }
  while (i < n) parts.push({ op: 'delete', text: a[i++]! });
  while (j < m) parts.push({ op: 'insert', text: b[j++]! });
  return merge(cleanup(merge(parts)));
}

/** Section-by-section comparison, in the order of the later version (removed sections last). */
export function diffVersions(before: readonly ReportSection[], after: readonly ReportSection[]): VersionDiff {
  const old = new Map(before.map((s) => [s.key, s]));
  const sections: SectionDiff[] = [];
  for (const s of after) {
    const prev = old.get(s.key);
    if (!prev) sections.push({ key: s.key, heading: s.heading, status: 'added', parts: [{ op: 'insert', text: s.body }] });
    else {
      const changed = prev.body !== s.body || prev.heading !== s.heading;
      sections.push({ key: s.key, heading: s.heading, status: changed ? 'changed' : 'unchanged', parts: diffText(prev.body, s.body) });
    }
  }
  const keys = new Set(after.map((s) => s.key));
  for (const s of before) if (!keys.has(s.key)) sections.push({ key: s.key, heading: s.heading, status: 'removed', parts: [{ op: 'delete', text: s.body }] });
  return { sections, changed: sections.filter((s) => s.status !== 'unchanged').length };
}
