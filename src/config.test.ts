import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('settings for UNVERIFIED periods', () => {
  it.each([
    [{}, 28, 28, 24],
    [{ ACTION_PLAN_DAYS: '42', REQUIREMENT_NOTICE_ACTION_PLAN_DAYS: '14', CONCERN_RESPONSE_HOURS: '48' }, 42, 14, 48],
  ])('%o gives action plan periods of %i days (report) and %i days (requirement notice) and a concern response of %i hours', (env, days, rnDays, hours) => {
    const c = loadConfig(env);
    expect(c.actionPlanDays).toBe(days);
    expect(c.requirementNoticeActionPlanDays).toBe(rnDays);
    expect(c.concernResponseHours).toBe(hours);
  });

  it.each([
    [{ ACTION_PLAN_DAYS: 'four weeks' }, 'ACTION_PLAN_DAYS must be a whole number, got "four weeks"'],
    [{ ACTION_PLAN_DAYS: '0' }, 'ACTION_PLAN_DAYS must be between 1 and 365, got 0'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
