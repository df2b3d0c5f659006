import type { AppError } from '../../errors.js';

/**
 * The named rate limits a route may declare. Each allows `address` units per window to one
 * address (anonymous callers) and `account` units to one account or API key (signed-in callers);
 * a plain call costs 1, a failed guess more (see RouteLimit.failureCost). Defaults and their
 * reasons: docs/security.md. Addresses are generous because carriers put many phones behind one
 * address (CGNAT) and a community office shares one.
 */
export interface LimitRule {
  address: number;
  account: number;
  windowSeconds: number;
}

export const DEFAULT_LIMITS = {
  /** Sign-in attempts (the account lockout itself is the auth module's). */
  login: { address: 60, account: 60, windowSeconds: 600 },
  /** Filing a request: web form, place reports, Open311 POST. */
  intake: { address: 30, account: 300, windowSeconds: 600 },
  /** Photo uploads. */
  upload: { address: 60, account: 600, windowSeconds: 600 },
  /** Photo bytes stored, in MiB (a call costs its size): what an address can put on disk in an hour. */
  uploadMiB: { address: 200, account: 2000, windowSeconds: 3600 },
  /** Following a request by number and phone (or code); failures cost more. */
  track: { address: 30, account: 60, windowSeconds: 600 },
  /** Failed proofs against one request number, from every address together. */
  trackNumber: { address: 10, account: 10, windowSeconds: 3600 },
  /** Station check-ins by outdoor workers. */
  checkin: { address: 60, account: 60, windowSeconds: 3600 },
  /** Bulk feeds: Open311 request lists, the public place feeds, the OpenAPI document. */
  feed: { address: 30, account: 120, windowSeconds: 60 },
  /** Every other public or resident read and write. */
  general: { address: 300, account: 600, windowSeconds: 60 },
} satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof DEFAULT_LIMITS;

/** `LIANXIN_RATE_<NAME>=<address>,<account>/<seconds>`, e.g. `30,300/600`; a part left out keeps its default. */
export function parseLimitRule(v: string | undefined, fallback: LimitRule, name: string): LimitRule {
  if (v === undefined || v.trim() === '') return fallback;
  const m = v.trim().match(/^(\d+)?(?:,(\d+))?(?:\/(\d+))?$/);
  if (!m || !(m[1] || m[2] || m[3]))
    throw new Error(`LIANXIN_RATE_${name.toUpperCase()}="${v}": expected <address>,<account>/<seconds>, e.g. 30,300/600`);
  const n = (s: string | undefined, d: number) => (s === undefined ? d : Number(s));
  const rule = { address: n(m[1], fallback.address), account: n(m[2], fallback.account), windowSeconds: n(m[3], fallback.windowSeconds) };
  if (rule.windowSeconds < 1) throw new Error(`LIANXIN_RATE_${name.toUpperCase()}: the window must be at least 1 second`);
  return rule;
}

/** What a route declares (RouteDef.rateLimit): a limit's name, or the name with the cost of failed guesses. */
export interface RouteLimit {
  name: LimitName;
  /**
   * What a call that ends in NOT_FOUND or UNAUTHENTICATED costs in total instead of 1: guessing
   * (numbers, phones, passwords) runs out long before honest use does.
   */
  failureCost?: number;
  /** Which errors count as a failed guess, if not NOT_FOUND and UNAUTHENTICATED (e.g. a wrong current password). */
  failureOn?: (e: AppError) => boolean;
  /**
   * A limit on the thing being guessed, charged 1 per failure from every address together and
   * checked before the handler runs, so one request number cannot be tried with many phones from
   * many addresses. `of` reads the thing from the validated input (whatever the route's method).
   */
  subject?: { name: LimitName; of: (input: { params: any; query: any; body: any }) => string | undefined };
}

export type RateLimitDecl = LimitName | RouteLimit;

export const asRouteLimit = (d: RateLimitDecl): RouteLimit => (typeof d === 'string' ? { name: d } : d);

/**
 * Every route that proves a reporter by request number and phone (or code): tracking, rating or
 * reopening, photos, SMS preferences. It must not be walkable: a failed proof costs the caller 5
 * of the track budget and the number one of its failures (trackNumber, from every address
 * together), checked before the proof is even tried. The number is read from the body or the
 * query, whichever the route's method carries, as one key however it is written.
 */
export const REPORTER_PROOF_LIMIT: RouteLimit = {
  name: 'track',
  failureCost: 5,
  subject: { name: 'trackNumber', of: ({ query, body }) => (body?.number ?? query?.number)?.trim().toUpperCase() },
};
