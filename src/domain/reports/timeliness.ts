/**
 * Timeliness figures: for every inspection, calendar days from the last day of fieldwork to the
 * first draft, to sending for factual accuracy, and to publication; medians and the slowest cases.
 */
import type { CalendarDate } from '../deadlines/index.js';

export const TIMELINESS_VERSION = 'timeliness/1';

export interface TimelinessInput {
  inspectionId: string;
  reference: string;
  subjectName: string;
  fieldworkEnd: CalendarDate;
  draftStarted: CalendarDate | null;
  faSent: CalendarDate | null;
  published: CalendarDate | null;
}

export interface TimelinessRow extends TimelinessInput {
  toDraft: number | null;
  toFactualAccuracy: number | null;
  toPublication: number | null;
  /** Days so far for an unpublished report (today minus fieldwork end). */
  waitingDays: number | null;
}

export interface TimelinessSummary {
  rows: TimelinessRow[];
  medians: { toDraft: number | null; toFactualAccuracy: number | null; toPublication: number | null };
  counts: { inspections: number; published: number };
  /** Slowest first: published by days to publication, unpublished by days waited. */
  slowest: TimelinessRow[];
  /** The old hospital target (domain.md 5): share published within 50 days; and within three months (~91 days). */
  within50Days: number | null;
  within3Months: number | null;
}

function days(from: CalendarDate, to: CalendarDate | null): number | null {
  if (!to) return null;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function timeliness(inputs: readonly TimelinessInput[], today: CalendarDate, slowestCount = 10): TimelinessSummary {
  const rows: TimelinessRow[] = inputs.map((i) => ({
    ...i,
    toDraft: days(i.fieldworkEnd, i.draftStarted),
    toFactualAccuracy: days(i.fieldworkEnd, i.faSent),
    toPublication: days(i.fieldworkEnd, i.published),
    waitingDays: i.published ? null : Math.max(0, days(i.fieldworkEnd, today) ?? 0),
  }));
  const nums = (k: 'toDraft' | 'toFactualAccuracy' | 'toPublication') => rows.map((r) => r[k]).filter((v): v is number => v !== null);
  const published = nums('toPublication');
  const share = (limit: number) => (published.length ? published.filter((d) => d <= limit).length / published.length : null);
  const key = (r: TimelinessRow) => r.toPublication ?? r.waitingDays ?? 0;
  return {
    rows,
    medians: { toDraft: median(nums('toDraft')), toFactualAccuracy: median(nums('toFactualAccuracy')), toPublication: median(published) },
    counts: { inspections: rows.length, published: published.length },
    slowest: [...rows].sort((a, b) => key(b) - key(a) || a.reference.localeCompare(b.reference)).slice(0, slowestCount),
    within50Days: share(50),
    within3Months: share(91),
  };
}
