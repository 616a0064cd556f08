import { describe, expect, it } from 'vitest';
import { checkDateRule } from './date-rules.js';

describe('checkDateRule', () => {
  it.each([
    ['not_in_past', '2026-12-04', false, 'The due date must be today or in the future: 4 December 2026 has passed'],
    ['not_in_past', '2026-12-05', true, null],
    ['not_in_past', '2026-12-06', true, null],
    ['not_in_future', '2026-12-06', false, 'The due date cannot be in the future: today is 5 December 2026'],
    ['not_in_future', '2026-12-05T23:00:00', true, null],
    ['not_in_future', '2026-12-01', true, null],
  ] as const)('%s %s', (rule, date, okay, message) => {
    const r = checkDateRule(rule, date, '2026-12-05', 'The due date');
    expect(r.ok).toBe(okay);
    if (!r.ok) expect(r.error).toBe(message);
  });
});
