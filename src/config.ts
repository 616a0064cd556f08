/**
 * The only reader of process.env. Validated once at start-up; every other module
 * receives a Config value. Defaults make `npm start` work with no configuration.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly databaseUrl: string | undefined;
  /** The tables' owner, for migrations (MIGRATION_DATABASE_URL); DATABASE_URL is then the app role. See docs/database-roles.md. */
  readonly migrationDatabaseUrl: string | undefined;
  /** Development only (ALLOW_SUPERUSER): serve even when the app's database role is a superuser or owns the tables. */
  readonly allowSuperuser: boolean;
  /** Connections in the request and job pool (DB_POOL_SIZE, default 20). */
  readonly dbPoolSize: number;
  /** A request's statement is cancelled after this long (DB_STATEMENT_TIMEOUT_MS, default 30000; 0 = none). */
  readonly dbStatementTimeoutMs: number;
  /** A request waits at most this long for a row or table lock (DB_LOCK_TIMEOUT_MS, default 5000; 0 = none). */
  readonly dbLockTimeoutMs: number;
  /** Upload quota (docs/database-roles.md, "Upload quota"): open upload sessions and declared bytes, per user and per inspection. */
  readonly uploadQuota: UploadQuota;
  readonly embeddedPgPort: number;
  readonly embeddedPgDir: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly dataDir: string;
  readonly publicApiRateLimit: number;
  readonly redisUrl: string | undefined;
  readonly cookieSecure: boolean;
  /**
   * Which proxies' X-Forwarded-For / -Proto headers are believed (TRUST_PROXY): `loopback` (the default:
   * a reverse proxy on the same machine), `false`, `true` (any: only behind a proxy that strips them),
   * or a comma-separated list of addresses and CIDR ranges.
   */
  readonly trustProxy: boolean | string;
  readonly demo: boolean;
  readonly logLevel: string;
  readonly uploadDir: string;
  /** Hours an organisation has to acknowledge and respond to an immediate-action concern (CONCERN_RESPONSE_HOURS, default 24). */
  readonly concernResponseHours: number;
  /** Days an organisation has to send its action plan after the report is published (ACTION_PLAN_DAYS, default 28; UNVERIFIED in domain.md). */
  readonly actionPlanDays: number;
  /** Days for the action plan answering a requirement notice (REQUIREMENT_NOTICE_ACTION_PLAN_DAYS, default 28; UNVERIFIED in domain.md). */
  readonly requirementNoticeActionPlanDays: number;
  /** Days after a notice's date to comply by within which the follow-up checks compliance (COMPLIANCE_CHECK_WITHIN_DAYS, default 42; a local setting, not a published CQC timescale). */
  readonly complianceCheckWithinDays: number;
  /** Calendar days a service has to respond to feedback shared with it (FEEDBACK_RESPONSE_DAYS, default 28; a local setting). */
  readonly feedbackResponseDays: number;
  /** Provider portal (issue 19): working days for the regulator to respond to a statutory notification (NOTIFICATION_RESPONSE_WORKING_DAYS, default 5; urgent ones NOTIFICATION_URGENT_RESPONSE_WORKING_DAYS, default 1). */
  readonly notificationResponseWorkingDays: number;
  readonly notificationUrgentResponseWorkingDays: number;
  /** Months without any of the expected notifications before an adult social care location is flagged "notifications not sent" (NOTIFICATIONS_QUIET_MONTHS, default 12; a labelled rule, not a published CQC figure). */
  readonly notificationsQuietMonths: number;
  /** Days a provider information return allows (PIR_RETURN_DAYS, default 28: the 4 weeks domain.md records as secondary). */
  readonly pirReturnDays: number;
  readonly projectRoot: string;
}

export interface UploadQuota {
  /** UPLOAD_MAX_OPEN_PER_USER, default 10. */
  readonly openPerUser: number;
  /** UPLOAD_MAX_OPEN_MB_PER_USER, default 1024 (in bytes here). */
  readonly openBytesPerUser: number;
  /** UPLOAD_MAX_OPEN_PER_INSPECTION, default 40. */
  readonly openPerInspection: number;
  /** UPLOAD_MAX_OPEN_MB_PER_INSPECTION, default 4096 (in bytes here). */
  readonly openBytesPerInspection: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function loadDotEnv(file: string): Env {
  if (!existsSync(file)) return {};
  const out: Env = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m && m[1]) out[m[1]] = (m[2] ?? '').replace(/^['"]|['"]$/g, '');
  }
  return out;
}

function blankToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = blankToUndefined(env[name]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = blankToUndefined(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(processEnv: Env = process.env): Config {
  // .env in the checkout fills gaps; real environment variables win.
  const env: Env = { ...loadDotEnv(path.join(projectRoot, '.env')), ...stripBlank(processEnv) };
  const nodeEnv = env['NODE_ENV'] === 'production' ? 'production' : env['NODE_ENV'] === 'test' || env['VITEST'] ? 'test' : 'development';
  const host = blankToUndefined(env['HOST']) ?? '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = blankToUndefined(env['DATABASE_URL']);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const migrationDatabaseUrl = blankToUndefined(env['MIGRATION_DATABASE_URL']);
  if (migrationDatabaseUrl && !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl)) {
    throw new ConfigError('MIGRATION_DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (migrationDatabaseUrl && !databaseUrl) throw new ConfigError('MIGRATION_DATABASE_URL needs DATABASE_URL (the app role) beside it');
  const embeddedPgPort = integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535);
  if (embeddedPgPort === 5432) throw new ConfigError('EMBEDDED_PG_PORT must not be 5432, where a PostgreSQL server may already run');
  return {
    env: nodeEnv,
    host,
    port,
    baseUrl: (blankToUndefined(env['BASE_URL']) ?? `http://${host}:${port}`).replace(/\/$/, ''),
    databaseUrl,
    migrationDatabaseUrl,
    allowSuperuser: bool(env, 'ALLOW_SUPERUSER', false),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 20, 2, 500),
    dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
    dbLockTimeoutMs: integer(env, 'DB_LOCK_TIMEOUT_MS', 5_000, 0, 3_600_000),
    uploadQuota: {
      openPerUser: integer(env, 'UPLOAD_MAX_OPEN_PER_USER', 10, 1, 10_000),
      openBytesPerUser: integer(env, 'UPLOAD_MAX_OPEN_MB_PER_USER', 1024, 1, 10_000_000) * 1024 * 1024,
      openPerInspection: integer(env, 'UPLOAD_MAX_OPEN_PER_INSPECTION', 40, 1, 100_000),
      openBytesPerInspection: integer(env, 'UPLOAD_MAX_OPEN_MB_PER_INSPECTION', 4096, 1, 100_000_000) * 1024 * 1024,
    },
    embeddedPgPort,
    embeddedPgDir: blankToUndefined(env['EMBEDDED_PG_DIR']),
    smtpUrl: blankToUndefined(env['SMTP_URL']),
    mailFrom: blankToUndefined(env['MAIL_FROM']) ?? 'Inspectorate <no-reply@inspectorate.local>',
    dataDir: path.resolve(blankToUndefined(env['INSPECTORATE_DATA_DIR']) ?? path.join(projectRoot, '..', 'shared', 'data')),
    publicApiRateLimit: integer(env, 'PUBLIC_API_RATE_LIMIT', 600, 0, 1_000_000),
    redisUrl: blankToUndefined(env['REDIS_URL']),
    cookieSecure: bool(env, 'COOKIE_SECURE', true),
    trustProxy: trustProxy(env['TRUST_PROXY']),
    demo: bool(env, 'DEMO', true),
    logLevel: blankToUndefined(env['LOG_LEVEL']) ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    uploadDir: path.resolve(blankToUndefined(env['UPLOAD_DIR']) ?? path.join(projectRoot, '.data', 'uploads')),
    concernResponseHours: integer(env, 'CONCERN_RESPONSE_HOURS', 24, 1, 336),
    actionPlanDays: integer(env, 'ACTION_PLAN_DAYS', 28, 1, 365),
    requirementNoticeActionPlanDays: integer(env, 'REQUIREMENT_NOTICE_ACTION_PLAN_DAYS', 28, 1, 365),
    complianceCheckWithinDays: integer(env, 'COMPLIANCE_CHECK_WITHIN_DAYS', 42, 0, 365),
    feedbackResponseDays: integer(env, 'FEEDBACK_RESPONSE_DAYS', 28, 1, 365),
    notificationResponseWorkingDays: integer(env, 'NOTIFICATION_RESPONSE_WORKING_DAYS', 5, 1, 60),
    notificationUrgentResponseWorkingDays: integer(env, 'NOTIFICATION_URGENT_RESPONSE_WORKING_DAYS', 1, 1, 60),
    notificationsQuietMonths: integer(env, 'NOTIFICATIONS_QUIET_MONTHS', 12, 1, 120),
    pirReturnDays: integer(env, 'PIR_RETURN_DAYS', 28, 1, 365),
    projectRoot,
  };
}

function trustProxy(value: string | undefined): boolean | string {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'loopback') return 'loopback';
  if (v === 'true' || v === 'false') return v === 'true';
  if (!/^[0-9A-Fa-f.:/,\s]+$/.test(v)) throw new ConfigError(`TRUST_PROXY must be loopback, true, false or a comma-separated list of addresses and CIDR ranges, not "${v}"`);
  return v.split(',').map((p) => p.trim()).filter(Boolean).join(',');
}

function stripBlank(env: Env): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
