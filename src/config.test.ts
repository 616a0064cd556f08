import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('settings for UNVERIFIED periods', () => {
  it.each([
    [{}, 28, 24],
    [{ ACTION_PLAN_DAYS: '42', CONCERN_RESPONSE_HOURS: '48' }, 42, 48],
  ])('%o gives an action plan period of %i days and a concern response of %i hours', (env, days, hours) => {
    const c = loadConfig(env);
    expect(c.actionPlanDays).toBe(days);
    expect(c.concernResponseHours).toBe(hours);
  });

  it.each([
    [{ ACTION_PLAN_DAYS: 'four weeks' }, 'ACTION_PLAN_DAYS must be a whole number, got "four weeks"'],
    [{ ACTION_PLAN_DAYS: '0' }, 'ACTION_PLAN_DAYS must be between 1 and 365, got 0'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
