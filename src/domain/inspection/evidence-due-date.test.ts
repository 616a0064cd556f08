import { describe, expect, it } from 'vitest';
import { defaultEvidenceDueDate } from './evidence-due-date.js';
import { addWorkingDays, londonDate } from './working-days.js';

describe('default evidence due dates', () => {
  it.each([
    // Luton: notified Thursday 2026-11-26, fieldwork Monday 2026-11-30: due Friday.
    ['short_notice', '2026-11-30', '2026-11-26', '2026-11-27'],
    // Announced with two weeks' notice: 5 working days before a Monday start is the previous Monday.
    ['announced', '2026-12-14', '2026-11-30', '2026-12-07'],
    // Announced but notified late: never before the working day after notification.
    ['announced', '2026-12-14', '2026-12-10', '2026-12-11'],
    // Unannounced: 2 working days after a Thursday start is the Monday.
    ['unannounced', '2026-12-03', null, '2026-12-07'],
    // Bank holidays are not working days: before Tuesday 29 December 2026 come Monday 28 (Boxing Day substitute) and Friday 25 (Christmas).
    ['short_notice', '2026-12-29', '2026-12-21', '2026-12-24'],
  ] as const)('%s, fieldwork %s, notified %s: due %s', (noticeType, fieldworkStart, notifiedOn, expected) => {
    const d = defaultEvidenceDueDate({ noticeType, fieldworkStart, notifiedOn });
    expect(d.dueDate).toBe(expected);
    expect(d.explanation).toMatch(/^evidence-due-date\/1: /);
  });
});

describe('working days', () => {
  it.each([
    ['2026-11-27', 1, '2026-11-30'],
    ['2026-11-30', -1, '2026-11-27'],
    ['2026-11-28', 0, '2026-11-28'],
    ['2026-11-23', 10, '2026-12-07'],
    ['2026-12-24', 1, '2026-12-29'],
    ['2026-12-29', -2, '2026-12-23'],
  ] as const)('%s + %i working days = %s', (d, n, expected) => {
    expect(addWorkingDays(d, n)).toBe(expected);
  });

  it('takes the London civil date of an instant', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
