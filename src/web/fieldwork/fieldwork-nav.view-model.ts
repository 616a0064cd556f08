/** The fieldwork, judgement and enforcement sections of one inspection, shown under the inspection's own navigation. */
import { formatDateWithDay } from '../../domain/shared/dates.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { formatInstant, inspectionShell, type InspectionShell } from '../inspections/inspection-shell.view-model.js';
import { inspectionPath } from '../paths.js';

export const FIELDWORK_SECTIONS = [
  { key: 'evidence-items', text: 'Evidence items', rest: '/evidence-items', regulatorOnly: true },
  { key: 'briefings', text: 'Briefings and feedback', rest: '/briefings', regulatorOnly: false },
  { key: 'concerns', text: 'Concerns', rest: '/concerns', regulatorOnly: false },
  { key: 'judgement', text: 'Judgement', rest: '/judgement', regulatorOnly: true },
  { key: 'enforcement', text: 'Enforcement', rest: '/enforcement', regulatorOnly: false },
] as const;
export type FieldworkSection = (typeof FIELDWORK_SECTIONS)[number]['key'];

export interface FieldworkFrame {
  shell: InspectionShell;
  fieldworkNav: { text: string; href: string; current: boolean }[];
  isRegulator: boolean;
}

export function fieldworkFrame(d: InspectionDetail, current: FieldworkSection): FieldworkFrame {
  const isRegulator = d.you.side === 'regulator';
  return {
    shell: inspectionShell(d, 'fieldwork'),
    isRegulator,
    // An enforcement officer off the team has one section, already named in the inspection's navigation.
    fieldworkNav: FIELDWORK_SECTIONS.filter((s) => !d.you.enforcementOnly && (isRegulator || !s.regulatorOnly)).map((s) => ({ text: s.text, href: inspectionPath(d.id, s.rest), current: s.key === current })),
  };
}

export { formatInstant };

/** "Friday 7 November 2025" from YYYY-MM-DD. */
export function longDate(iso: string): string {
  return formatDateWithDay(iso);
}

/** A datetime-local value ("2026-09-14T16:00") in UK time, for form defaults. */
export function localInputValue(instant: Date): string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(instant);
  const p = (t: string) => f.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}`;
}

/** A UK-time "YYYY-MM-DDTHH:MM" (from a form) as an ISO instant; '' if not valid. */
export function ukLocalToIso(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return '';
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  // Try GMT and BST; take the one that formats back to the same local time.
  for (const offset of [0, 1]) {
    const guess = new Date(Date.UTC(y, mo - 1, d, h - offset, mi));
    if (localInputValue(guess) === value.trim()) return guess.toISOString();
  }
  return '';
}
