/** The "Waiting for" summary on the inspection overview, and its download links. Pure. */
import { formatDate, formatDateTime } from '../../domain/shared/dates.js';
import type { WaitingFor } from '../../domain/inspection/waiting-for.js';
import { inspectionPath } from '../paths.js';

const when = (v: string | null): string => (!v ? 'No date set' : /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : formatDateTime(v));

export function waitingForRows(w: WaitingFor | null) {
  if (!w) return null;
  return {
    rows: [
      { key: { text: 'What' }, value: { text: w.what } },
      { key: { text: 'From whom' }, value: { text: w.who } },
      { key: { text: 'Since' }, value: { text: when(w.since) } },
      { key: { text: 'By' }, value: { text: when(w.by) } },
    ],
  };
}

export interface DownloadLink {
  text: string;
  href: string;
}

/** CSV and calendar downloads: the team gets them all; an organisation gets its own part. */
export function downloadLinks(inspectionId: string, you: { side: 'regulator' | 'organisation'; state: string }): DownloadLink[] {
  const base = inspectionPath(inspectionId);
  const links: DownloadLink[] = [
    { text: 'Evidence checklist (CSV)', href: `${base}/evidence.csv` },
    { text: 'Case list (CSV)', href: `${base}/cases.csv` },
  ];
  if (you.side === 'regulator') links.push({ text: 'Sample (CSV)', href: `${base}/sample.csv` });
  links.push({ text: 'Programme (CSV)', href: `${base}/programme.csv` });
  links.push({ text: you.side === 'regulator' ? 'Programme for the team (calendar)' : 'Your visits (calendar)', href: `${base}/programme.ics` });
  if (you.side === 'regulator') links.push({ text: 'Your own visits (calendar)', href: `${base}/programme.ics?mine=1` });
  if (['published', 'closed'].includes(you.state)) links.push({ text: 'Action plan (CSV)', href: `${base}/action-plan.csv` });
  return links;
}
