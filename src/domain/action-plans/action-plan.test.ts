import { describe, expect, it } from 'vitest';
import { actionTransition, coverage, followUpDue, type ActionEvent, type ActionStatus, type Side } from './action-plan.js';

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
