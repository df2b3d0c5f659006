import path from 'node:path';
import { DEFAULT_OFFICE_HOURS, type OfficeHours, parseOfficeHours } from './modules/calendar/working-hours.js';
import { DEFAULT_LIMITS, type LimitName, type LimitRule, parseLimitRule } from './modules/ratelimit/limits.js';

export interface Config {
  port: number;
  host: string;
  /** Where the SQLite file, uploads and backups live. */
  dataDir: string;
  /** postgres://… switches to PostgreSQL; empty means the embedded SQLite file. */
  databaseUrl: string;
  /**
   * The districts whose real divisions are loaded on first start (LIANXIN_DISTRICT, comma-separated).
   * Read by the baseline and demo seeds only: the running code works from the org tree's root down.
   */
  districtCodes: string[];
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  staffIdleMinutes: number;
  residentSessionDays: number;
  /** Period of the overdue sweep (a periodic job); 0 disables it (tests run it by hand). */
  sweepIntervalSeconds: number;
  /** How often this instance looks for due jobs; 0 disables the job runner (tests tick by hand). */
  jobTickSeconds: number;
  /** An SMS gateway (HTTP POST of {to, text}); empty: texts stay in the outbox table and the log. */
  smsUrl: string;
  smsToken: string | undefined;
  /** Built web app to serve; absent in API-only tests. */
  webDir: string | null;
  logLevel: string;
  /** false when LIANXIN_RATE_LIMIT=off (load tests, benchmarks): no route is limited. */
  rateLimitEnabled: boolean;
  /** Each named limit: allowed units per window per address and per account (docs/security.md). */
  rateLimits: Record<LimitName, LimitRule>;
  /** Addresses or CIDRs of reverse proxies whose X-Forwarded-For/-Proto/-Host are believed; empty: none. */
  trustedProxies: string[];
  /** Photos not attached to a request within this many hours are removed (row and file). */
  uploadTtlHours: number;
  /** Extra image hosts allowed by the Content-Security-Policy (map tiles), besides the built-in providers. */
  cspImgHosts: string[];
  /** HMAC key for signed links (LIANXIN_SECRET); empty means the one generated into the data dir on first start (server/src/secret.ts). */
  secret: string;
  /** Where people open the web app (LIANXIN_PUBLIC_URL): the base of links printed on documents and QR codes. */
  publicUrl: string;
  /** 工作时 periods of a working day (LIANXIN_OFFICE_HOURS, "08:30-12:00,14:30-18:00"): rectification limits in working hours. */
  officeHours: OfficeHours;
  /** A (point, item) failing again within this many days is flagged recurring (LIANXIN_RECURRING_DAYS, 1..3650). */
  recurringDays: number;
  /** Check every JSON answer against its route's declared response schema (on in tests: NODE_ENV=test or LIANXIN_CHECK_RESPONSES=1). */
  checkResponses: boolean;
}

const int = (v: string | undefined, fallback: number): number => {
  const n = v === undefined || v === '' ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
};

/** A whole number in [min, max], or the fallback when unset; anything else stops the start with the setting named. */
const boundedInt = (name: string, v: string | undefined, fallback: number, min: number, max: number): number => {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}="${v}": expected a whole number from ${min} to ${max}`);
  return n;
};

const officeHours = (v: string | undefined): OfficeHours => {
  try {
    return parseOfficeHours(v || DEFAULT_OFFICE_HOURS);
  } catch (e) {
    throw new Error(`LIANXIN_OFFICE_HOURS="${v}": ${(e as Error).message}`);
  }
};

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    port: int(env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.LIANXIN_DATA_DIR || 'var'),
    databaseUrl: env.DATABASE_URL || '',
    districtCodes: (env.LIANXIN_DISTRICT || '141102')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    bodyLimitBytes: int(env.LIANXIN_BODY_LIMIT, 256 * 1024),
    uploadLimitBytes: int(env.LIANXIN_UPLOAD_LIMIT, 8 * 1024 * 1024),
    staffIdleMinutes: int(env.LIANXIN_STAFF_IDLE_MINUTES, 30),
    residentSessionDays: int(env.LIANXIN_RESIDENT_SESSION_DAYS, 30),
    sweepIntervalSeconds: int(env.LIANXIN_SWEEP_SECONDS, 60),
    jobTickSeconds: int(env.LIANXIN_JOB_TICK_SECONDS, 5),
    smsUrl: env.LIANXIN_SMS_URL || '',
    smsToken: env.LIANXIN_SMS_TOKEN || undefined,
    webDir: env.LIANXIN_WEB_DIR ?? path.resolve('web/dist'),
    logLevel: env.LOG_LEVEL || 'warn',
    rateLimitEnabled: (env.LIANXIN_RATE_LIMIT ?? 'on').toLowerCase() !== 'off',
    rateLimits: Object.fromEntries(
      Object.entries(DEFAULT_LIMITS).map(([name, rule]) => [name, parseLimitRule(env[`LIANXIN_RATE_${name.toUpperCase()}`], rule, name)]),
    ) as Record<LimitName, LimitRule>,
    trustedProxies: list(env.LIANXIN_TRUSTED_PROXIES),
    uploadTtlHours: int(env.LIANXIN_UPLOAD_TTL_HOURS, 24),
    cspImgHosts: list(env.LIANXIN_CSP_IMG_HOSTS),
    secret: env.LIANXIN_SECRET || '',
    publicUrl: (env.LIANXIN_PUBLIC_URL || `http://${env.HOST || '127.0.0.1'}:${int(env.PORT, 3000)}`).replace(/\/+$/, ''),
    officeHours: officeHours(env.LIANXIN_OFFICE_HOURS),
    recurringDays: boundedInt('LIANXIN_RECURRING_DAYS', env.LIANXIN_RECURRING_DAYS, 90, 1, 3650),
    checkResponses: env.LIANXIN_CHECK_RESPONSES === '1' || env.NODE_ENV === 'test',
    ...overrides,
  };
}
