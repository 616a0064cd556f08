import { describe, expect, it } from 'vitest';
import { actionTransition, coverage, describeActionChanges, dueDateRefusal, followUpDue, isOverdue, planChangeRefusal, withdrawRefusal, type ActionEvent, type ActionStatus, type PlanStatus, type Side } from './action-plan.js';

describe('coverage of recommendations and breaches', () => {
  it('lists what no action covers yet', () => {
    const items = [
      { kind: 'recommendation' as const, id: 'r1', label: 'Must: review governance' },
      { kind: 'recommendation' as const, id: 'r2', label: 'Should: answer complaints' },
      { kind: 'breach' as const, id: 'b1', label: 'Regulation 17' },
    ];
    const c = coverage(items, [{ items: [{ kind: 'recommendation', id: 'r1' }, { kind: 'breach', id: 'b1' }] }]);
    expect(c.uncovered.map((i) => i.id)).toEqual(['r2']);
    expect(c.covered.map((i) => i.id)).toEqual(['r1', 'b1']);
  });
});

describe('action transitions', () => {
  it.each<[ActionStatus, ActionEvent, Side, string, ActionStatus | string]>([
    ['open', 'progress', 'organisation', 'Audit booked', 'in_progress'],
    ['in_progress', 'complete', 'organisation', 'Minutes of the governance meeting', 'completed'],
    ['completed', 'verify', 'regulator', '', 'verified'],
    ['verified', 'reopen', 'regulator', 'The audit did not cover complaints', 'reopened'],
    ['reopened', 'complete', 'organisation', 'Second audit attached', 'completed'],
    ['open', 'verify', 'regulator', '', 'illegal_transition'],
    ['completed', 'verify', 'organisation', '', 'not_permitted'],
    ['in_progress', 'progress', 'regulator', 'x', 'not_permitted'],
    ['open', 'complete', 'organisation', '  ', 'missing'],
    ['completed', 'reopen', 'regulator', '', 'missing'],
  ])('%s --%s by %s--> %s', (status, event, side, text, expected) => {
    const r = actionTransition(status, event, side, text);
    if (r.ok) expect(r.value.to).toBe(expected);
    else expect(r.error.code).toBe(expected);
  });
});

describe('reminders and escalation (action-plans/1)', () => {
  it.each([
    ['open', '2026-11-20', false, false, '2026-11-12', null],
    ['open', '2026-11-20', false, false, '2026-11-13', 'reminder'],
    ['in_progress', '2026-11-20', true, false, '2026-11-20', null],
    ['in_progress', '2026-11-20', true, false, '2026-11-21', 'escalation'],
    ['in_progress', '2026-11-20', true, true, '2026-11-25', null],
    ['completed', '2026-11-20', false, false, '2026-11-25', null],
  ] as const)('%s due %s (reminded %s, escalated %s) on %s → %s', (status, dueDate, reminderSent, escalated, today, kind) => {
    const r = followUpDue({ status, dueDate, reminderSent, escalated }, today);
    expect(r?.kind ?? null).toBe(kind);
  });
});

describe('joint action plans (issue 15)', () => {
  it.each<[PlanStatus | null, string | null]>([
    [null, null],
    ['draft', null],
    ['returned', null],
    ['revising', null],
    ['submitted', 'The plan has been sent to the regulator: it can be changed again only if it is returned'],
    ['accepted', 'The plan has been accepted: to change it, start a revision and say why'],
  ])('a plan that is %s: changes refused with %s', (status, expected) => {
    expect(planChangeRefusal(status)).toBe(expected);
  });

  it.each([
    ['2026-12-01', '2026-12-01', null],
    ['2027-01-15', '2026-12-01', null],
    ['2026-11-30', '2026-12-01', 'Due date must be today or in the future (today is 1 December 2026)'],
    ['2026-02-30', '2026-01-01', 'Due date must be a real date'],
    ['soon', '2026-01-01', 'Due date must be a real date'],
  ])('due date %s on %s: %s', (due, today, expected) => {
    expect(dueDateRefusal(due, today)).toBe(expected);
  });

  it.each<[ActionStatus, string, string | null]>([
    ['open', 'Duplicate', null],
    ['completed', 'Replaced', null],
    ['open', '  ', 'missing'],
    ['withdrawn', 'Again', 'illegal_transition'],
    ['verified', 'Too late', 'illegal_transition'],
  ])('withdrawing an action that is %s with reason "%s": %s', (status, reason, expected) => {
    expect(withdrawRefusal(status, reason)?.code ?? null).toBe(expected);
  });

  it('says in words what an edit changed, and nothing when nothing changed', () => {
    const before = { title: 'Audit handovers', ownerName: 'Linda Osborne', ownerOrganisation: 'Trust', dueDate: '2027-01-29', covers: ['recommendation:a'] };
    expect(describeActionChanges(before, { ...before })).toEqual([]);
    expect(describeActionChanges(before, { ...before, dueDate: '2027-03-31', ownerName: 'Priya Shah', covers: ['recommendation:b'] })).toEqual([
      'Owner changed from Linda Osborne to Priya Shah',
      'Due date changed from 29 January 2027 to 31 March 2027',
      'What it answers changed',
    ]);
  });

  it('a withdrawn action is never overdue nor chased', () => {
    expect(isOverdue({ status: 'withdrawn', dueDate: '2026-01-01' }, '2026-12-01')).toBe(false);
    expect(followUpDue({ status: 'withdrawn', dueDate: '2026-01-01', reminderSent: false, escalated: false }, '2026-12-01')).toBeNull();
  });
});
