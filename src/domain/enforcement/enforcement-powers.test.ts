import { describe, expect, it } from 'vitest';
import { BREACH_ACTIONS, enforcementPower, ENFORCEMENT_POWER_DEFINITIONS, ENFORCEMENT_POWERS, isBreachAction } from './enforcement-powers.data.js';

describe('enforcement powers', () => {
  it('defines every power exactly once', () => {
    expect(ENFORCEMENT_POWER_DEFINITIONS.map((p) => p.id).sort()).toEqual([...ENFORCEMENT_POWERS].sort());
  });

  it.each([
    ['requirement-notice', 'cap-requires-improvement'],
    ['warning-notice', 'inadequate'],
    ['condition', 'inadequate'],
    ['suspension', 'escalated'],
    ['urgent-action', 'escalated'],
    ['fixed-penalty-notice', 'none'],
  ] as const)('%s has rating effect %s', (id, effect) => {
    expect(enforcementPower(id).ratingEffect).toBe(effect);
  });

  it.each([...BREACH_ACTIONS.map((a) => [a, true] as const), ['prosecution', false] as const, ['Warning-Notice', false] as const])('isBreachAction(%s) is %s', (value, expected) => {
    expect(isBreachAction(value)).toBe(expected);
  });

  it('gives warning-notice representations as 10 working days', () => {
    expect(enforcementPower('warning-notice').timelines).toContain('10 working days');
  });
});
