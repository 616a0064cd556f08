/** The drafts dashboard and the timeliness dashboard. Pure. */
import type { TimelinessSummary } from '../../domain/reports/timeliness.js';
import type { DraftDashboardRow } from '../../services/reports/report-review.service.js';
import { reportPath } from '../paths.js';

export function buildDraftsDashboard(rows: DraftDashboardRow[]) {
  return {
    pageTitle: 'Reports not yet published',
    caption: 'Reports',
    heading: 'Reports not yet published',
    backHref: null,
    rows: rows.map((d) => ({
      href: reportPath(d.inspectionId),
      subject: d.subjectName,
      reference: d.reference,
      stage: d.stageLabel,
      owner: d.owner,
      waited: `${d.clock.workingDaysWaited} working day${d.clock.workingDaysWaited === 1 ? '' : 's'} (${d.clock.calendarDaysWaited} ${d.clock.calendarDaysWaited === 1 ? 'day' : 'days'})`,
      overdue: d.clock.overdue,
      explanation: d.clock.explanation,
    })),
  };
}

const days = (n: number | null) => (n === null ? '–' : `${n} day${n === 1 ? '' : 's'}`);
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

export function buildTimelinessDashboard(t: TimelinessSummary) {
  return {
    pageTitle: 'Report timeliness',
    caption: 'Reports',
    heading: 'Report timeliness',
    backHref: null,
    summary: [
      { key: { text: 'Inspections past fieldwork' }, value: { text: String(t.counts.inspections) } },
      { key: { text: 'Published' }, value: { text: String(t.counts.published) } },
      { key: { text: 'Median days to first draft' }, value: { text: days(t.medians.toDraft) } },
      { key: { text: 'Median days to factual accuracy' }, value: { text: days(t.medians.toFactualAccuracy) } },
      { key: { text: 'Median days to publication' }, value: { text: days(t.medians.toPublication) } },
      { key: { text: 'Published within three months' }, value: { text: pct(t.within3Months) } },
    ],
    slowest: t.slowest.map((r) => ({
      href: reportPath(r.inspectionId),
      subject: r.subjectName,
      reference: r.reference,
      toDraft: days(r.toDraft),
      toFa: days(r.toFactualAccuracy),
      toPublication: r.toPublication === null ? `not yet (${days(r.waitingDays)} so far)` : days(r.toPublication),
    })),
  };
}
