import { describe, expect, it } from 'vitest';
import { actionStillOwed, dueSoonWindow, inspectionFinished, splitDueSoon, visitStillAhead, type DueItem } from './due-soon.js';

describe('dueSoonWindow', () => {
  it.each([
    ['a Monday: to the next Monday', '2026-11-30', '2026-12-07'],
    ['a Friday: to the next Friday', '2026-12-04', '2026-12-11'],
    ['over Christmas: 24 December 2026 skips Christmas, Boxing Day (substitute on Monday 28th), New Year and two weekends', '2026-12-24', '2027-01-05'],
    ['over Easter 2027: Good Friday 26 March and Easter Monday 29 March skipped', '2027-03-24', '2027-04-02'],
  ])('%s', (_l, today, to) => {
    expect(dueSoonWindow(today).to).toBe(to);
  });
});

describe('splitDueSoon', () => {
  const item = (title: string, due: string, open = true): DueItem => ({ kind: 'evidence', title, due, link: '/x', inspectionReference: 'INS-1', open });
  const view = splitDueSoon([item('late', '2026-12-01'), item('today', '2026-12-04'), item('next week', '2026-12-10'), item('edge', '2026-12-11'), item('far', '2026-12-14'), item('withdrawn', '2026-12-01', false), item('done', '2026-12-05', false)], '2026-12-04');

  it('overdue: open and past', () => {
    expect(view.overdue.map((i) => i.title)).toEqual(['late']);
  });
  it('due soon: open, today up to the fifth working day', () => {
    expect(view.dueSoon.map((i) => i.title)).toEqual(['today', 'next week', 'edge']);
  });
});

describe('inspectionFinished', () => {
  it.each([
    ['fieldwork', false],
    ['factual_accuracy', false],
    ['published', true],
    ['closed', true],
    ['cancelled', true],
  ])('%s → %s', (state, expected) => {
    expect(inspectionFinished(state)).toBe(expected);
  });
});

describe('actionStillOwed: an action is chased until it is done or withdrawn, after publication too', () => {
  it.each([
    ['open, published inspection', 'open', 'published', true],
    ['in progress, closed inspection', 'in_progress', 'closed', true],
    ['reopened by the regulator', 'reopened', 'published', true],
    ['completed', 'completed', 'published', false],
    ['verified', 'verified', 'published', false],
    ['withdrawn', 'withdrawn', 'published', false],
    ['open, cancelled inspection', 'open', 'cancelled', false],
  ] as const)('%s', (_l, status, state, expected) => {
    expect(actionStillOwed(status, state)).toBe(expected);
  });
});

describe('visitStillAhead: a visit is coming up, never overdue', () => {
  it.each([
    ['today, during fieldwork', '2026-12-04', 'fieldwork', true],
    ['next week, notified', '2026-12-10', 'notified', true],
    ['yesterday: it has happened', '2026-12-03', 'fieldwork', false],
    ['after publication', '2026-12-10', 'published', false],
    ['cancelled inspection', '2026-12-10', 'cancelled', false],
  ])('%s', (_l, date, state, expected) => {
    expect(visitStillAhead(date, '2026-12-04', state)).toBe(expected);
  });
});
