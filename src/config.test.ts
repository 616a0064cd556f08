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

describe('database roles, request limits and the upload quota', () => {
  it('defaults to refusing a superuser, with limits on request paths and a modest upload quota', () => {
    const c = loadConfig({});
    expect(c.allowSuperuser).toBe(false);
    expect([c.dbPoolSize, c.dbStatementTimeoutMs, c.dbLockTimeoutMs]).toEqual([20, 30_000, 5_000]);
    expect(c.uploadQuota).toEqual({ openPerUser: 10, openBytesPerUser: 1024 * 1024 * 1024, openPerInspection: 40, openBytesPerInspection: 4096 * 1024 * 1024 });
  });

  it('reads the two-role setup and the development allowance', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app@db/x', MIGRATION_DATABASE_URL: 'postgres://owner@db/x', ALLOW_SUPERUSER: 'true', UPLOAD_MAX_OPEN_MB_PER_USER: '10' });
    expect([c.databaseUrl, c.migrationDatabaseUrl, c.allowSuperuser, c.uploadQuota.openBytesPerUser]).toEqual(['postgres://app@db/x', 'postgres://owner@db/x', true, 10 * 1024 * 1024]);
  });

  it.each([
    [{ MIGRATION_DATABASE_URL: 'postgres://owner@db/x' }, 'MIGRATION_DATABASE_URL needs DATABASE_URL (the app role) beside it'],
    [{ DATABASE_URL: 'postgres://app@db/x', MIGRATION_DATABASE_URL: 'mysql://owner@db/x' }, 'MIGRATION_DATABASE_URL must start with postgres:// or postgresql://'],
    [{ ALLOW_SUPERUSER: 'maybe' }, 'ALLOW_SUPERUSER must be true or false, got "maybe"'],
    [{ DB_POOL_SIZE: '1' }, 'DB_POOL_SIZE must be between 2 and 500, got 1'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
