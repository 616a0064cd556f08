/** "Your work": the person's queues and what is due in the next 5 working days. Pure. */
import { formatDate, formatDateTime } from '../../domain/shared/dates.js';
import type { DueItem, DueSoonView } from '../../domain/inspection/due-soon.js';
import type { Queue } from '../../services/work/queues.service.js';

export interface MyWorkView {
  pageTitle: string;
  heading: string;
  queues: { key: string; title: string; count: string; empty: string; rows: { reference: string; subject: string; href: string; what: string; since: string; by: string; overdue: boolean; comments: string | null }[] }[];
  due: { windowText: string; overdue: DueRow[]; dueSoon: DueRow[] };
}

interface DueRow {
  title: string;
  href: string;
  reference: string;
  due: string;
  /** "due 2 December 2026", "was due …" when overdue, "on …" for a visit (it happens, it is not due). */
  when: string;
  kind: string;
}

const KIND_LABELS: Record<DueItem['kind'], string> = {
  evidence: 'Evidence',
  concern: 'Concern',
  action: 'Action',
  factual_accuracy: 'Factual accuracy',
  visit: 'Visit',
  case_list: 'Case list',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function dueRow(i: DueItem, overdue: boolean): DueRow {
  const date = formatDate(i.due);
  return { title: i.title, href: i.link, reference: i.inspectionReference, due: date, when: i.kind === 'visit' ? `on ${date}` : overdue ? `was due ${date}` : `due ${date}`, kind: KIND_LABELS[i.kind] };
}

export function buildMyWork(queues: readonly Queue[], due: DueSoonView<DueItem>): MyWorkView {
  return {
    pageTitle: 'Your work',
    heading: 'Your work',
    queues: queues.map((q) => ({
      key: q.key,
      title: q.title,
      count: plural(q.items.length, 'waiting', 'waiting'),
      empty: 'Nothing is waiting for you here.',
      rows: q.items.map((i) => ({
        reference: i.reference,
        subject: i.subjectName,
        href: i.link,
        what: i.what,
        since: formatDateTime(i.since),
        by: i.due ? formatDate(i.due) : 'No target',
        overdue: i.overdue,
        comments: i.comments,
      })),
    })),
    due: {
      windowText: `From today to ${formatDate(due.window.to)} (5 working days; weekends and bank holidays in England and Wales do not count).`,
      overdue: due.overdue.map((i) => dueRow(i, true)),
      dueSoon: due.dueSoon.map((i) => dueRow(i, false)),
    },
  };
}
