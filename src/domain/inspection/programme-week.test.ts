import { describe, expect, it } from 'vitest';
import { isOverdue, summariseChecklist } from './evidence-checklist.js';
import { weekView } from './programme-week.js';

describe('programme week view', () => {
  it('lists every day of fieldwork with visits in time order', () => {
    const week = weekView('2026-11-30', '2026-12-04', [
      { id: '2', visitDate: '2026-11-30', startTime: '14:00', endTime: '16:00', serviceName: 'A&E' },
      { id: '1', visitDate: '2026-11-30', startTime: '09:30', endTime: '12:00', serviceName: 'Midwifery' },
      { id: '3', visitDate: '2026-12-02', startTime: '10:00', endTime: '12:00', serviceName: 'CAMHS' },
    ]);
    expect(week.map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(week[0]?.visits.map((v) => v.serviceName)).toEqual(['Midwifery', 'A&E']);
    expect(week[1]?.visits).toEqual([]);
  });
});

describe('evidence checklist', () => {
  it('counts overdue items: requested and past the due date', () => {
    const items = [
      { id: 'a', status: 'requested' as const, dueDate: '2026-11-26' },
      { id: 'b', status: 'requested' as const, dueDate: '2026-11-27' },
      { id: 'c', status: 'provided' as const, dueDate: '2026-11-20' },
      { id: 'd', status: 'cannot_provide' as const, dueDate: '2026-11-20' },
    ];
    expect(isOverdue(items[1]!, '2026-11-27')).toBe(false);
    expect(summariseChecklist(items, '2026-11-27')).toEqual({ total: 4, provided: 1, cannotProvide: 1, outstanding: 2, overdue: 1, withdrawn: 0 });
  });

  it.each([
    ['requested, past due', 'requested', '2026-11-26', false, true],
    ['requested, due today', 'requested', '2026-11-27', false, false],
    ['withdrawn, past due: never overdue', 'withdrawn', '2026-11-20', false, false],
    ['requested, past due, after publication: no longer matters', 'requested', '2026-11-20', true, false],
  ] as const)('%s', (_l, status, dueDate, finished, expected) => {
    expect(isOverdue({ status, dueDate }, '2026-11-27', { inspectionFinished: finished })).toBe(expected);
  });

  it('a withdrawn item leaves the counts; after publication nothing is outstanding', () => {
    const items = [
      { id: 'a', status: 'requested' as const, dueDate: '2026-11-26' },
      { id: 'w', status: 'withdrawn' as const, dueDate: '2026-11-20' },
    ];
    expect(summariseChecklist(items, '2026-11-27')).toEqual({ total: 1, provided: 0, cannotProvide: 0, outstanding: 1, overdue: 1, withdrawn: 1 });
    expect(summariseChecklist(items, '2026-11-27', { inspectionFinished: true })).toMatchObject({ outstanding: 0, overdue: 0 });
  });
});
