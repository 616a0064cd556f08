/**
 * What every page of one inspection shares: the caption, the reference and state, and the
 * sub-navigation (overview, evidence, cases and samples, programme, timeline).
 */
import { formatDateTime } from '../../domain/shared/dates.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { inspectionPath, type SubPath } from '../paths.js';

export const SECTIONS = [
  { key: 'overview', text: 'Overview', rest: '' },
  { key: 'participants', text: 'Organisations', rest: '/participants' },
  { key: 'evidence', text: 'Evidence', rest: '/evidence' },
  { key: 'cases', text: 'Cases and samples', rest: '/cases' },
  { key: 'programme', text: 'Programme', rest: '/programme' },
  { key: 'fieldwork', text: 'Fieldwork', rest: '/briefings' },
  { key: 'report', text: 'Report', rest: '/report' },
  { key: 'action-plan', text: 'Action plan', rest: '/action-plan' },
  { key: 'timeline', text: 'Timeline', rest: '/timeline' },
] as const;

/** States in which an organisation has something to see in the report section (its factual accuracy check, then the result). */
const ORGANISATION_REPORT_STATES = new Set(['factual_accuracy', 'publication_ready', 'published', 'closed']);
const PUBLISHED_STATES = new Set(['published', 'closed']);
const FIELDWORK_STATES = new Set(['fieldwork', 'judgement', 'draft_report', 'factual_accuracy', 'publication_ready', 'published', 'closed']);

function sectionFor(d: Pick<InspectionDetail, 'id' | 'state' | 'you'>, s: (typeof SECTIONS)[number]): { rest: SubPath; text?: string } | null {
  // An enforcement officer who is not on the team has the enforcement pages only.
  if (d.you.enforcementOnly) return s.key === 'fieldwork' ? { rest: '/enforcement', text: 'Enforcement' } : null;
  const regulator = d.you.side === 'regulator';
  if (s.key === 'fieldwork' && !regulator && !FIELDWORK_STATES.has(d.state)) return null;
  if (s.key === 'action-plan' && !PUBLISHED_STATES.has(d.state)) return null;
  if (s.key === 'report') {
    if (regulator) return s;
    return ORGANISATION_REPORT_STATES.has(d.state) ? { rest: '/report/factual-accuracy' } : null;
  }
  return s;
}
export type SectionKey = (typeof SECTIONS)[number]['key'];

const STATE_TAG_CLASSES: Record<string, string> = {
  planned: 'govuk-tag--grey',
  notified: 'govuk-tag--blue',
  fieldwork: 'govuk-tag--yellow',
  judgement: 'govuk-tag--purple',
  cancelled: 'govuk-tag--red',
  published: 'govuk-tag--green',
};

export function stateTag(state: string, label: string): { text: string; classes: string } {
  return { text: label, classes: STATE_TAG_CLASSES[state] ?? 'govuk-tag--light-blue' };
}

export interface InspectionShell {
  caption: string;
  subjectName: string;
  reference: string;
  stateTag: { text: string; classes: string };
  subNav: { text: string; href: string; current: boolean }[];
  /** The regulator side sees team-only notes and buttons. */
  isRegulator: boolean;
}

export function inspectionShell(d: Pick<InspectionDetail, 'id' | 'kindLabel' | 'subjectName' | 'reference' | 'state' | 'stateLabel' | 'you'>, current: SectionKey | null): InspectionShell {
  return {
    caption: d.kindLabel,
    subjectName: d.subjectName,
    reference: d.reference,
    stateTag: stateTag(d.state, d.stateLabel),
    subNav: SECTIONS.flatMap((s) => {
      const shown = sectionFor(d, s);
      return shown ? [{ text: shown.text ?? s.text, href: inspectionPath(d.id, shown.rest), current: s.key === current }] : [];
    }),
    isRegulator: d.you.side === 'regulator',
  };
}

/** "14:30" stays; a full instant becomes "10 September 2026, 9:30am" (UK time). */
export function formatInstant(iso: string): string {
  return formatDateTime(iso);
}

export { escapeHtml } from '../escape-html.js';

export function notice(text: string | undefined | null): { text: string; type: 'success'; titleText: string } | null {
  return text ? { text, type: 'success', titleText: 'Success' } : null;
}
