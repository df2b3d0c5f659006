import type { Clock } from '../../clock.js';
import type { CounterStore } from './counter-store.js';
import type { LimitName, LimitRule } from './limits.js';

/** Whose budget a call is charged to: an address (anonymous), an account or API key, or a guessed subject (a request number). */
export type Payer = { kind: 'address' | 'account' | 'subject'; id: string };

export interface Verdict {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
  count: number;
  limit: number;
}

/**
 * Fixed-window counters over a shared store. A window allows up to its limit; a caller may get
 * at most twice the limit across a window boundary, the price of one row per key (docs/security.md).
 */
export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly clock: Clock,
    private readonly rules: Record<LimitName, LimitRule>,
    readonly enabled: boolean,
  ) {}

  /** Adds `cost` to the payer's count for this limit. Refused when the count is past the limit. */
  async charge(name: LimitName, payer: Payer, cost = 1): Promise<Verdict> {
    const rule = this.rules[name];
    const limit = payer.kind === 'account' ? rule.account : rule.address;
    if (!this.enabled) return { allowed: true, retryAfter: 0, count: 0, limit };
    const now = this.clock.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const count = await this.store.add(`${name}:${payer.kind}:${payer.id}`, windowStart, windowStart + windowMs, cost);
    return { allowed: count <= limit, retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)), count, limit };
  }

  /** Whether the payer may spend one more unit, without spending it (a guessed subject's failures). */
  async hasRoom(name: LimitName, payer: Payer): Promise<Verdict> {
    const v = await this.charge(name, payer, 0);
    return { ...v, allowed: !this.enabled || v.count < v.limit };
  }

  /** Forgets ended windows (the periodic sweep). */
  prune(): Promise<number> {
    return this.store.prune(this.clock.now().getTime());
  }
}

/**
 * The address a caller is charged as: IPv4 as is, IPv6 by its /64 (one subscriber usually holds a
 * whole /64, so single addresses would be free to rotate).
 */
export function addressKey(ip: string): string {
  const v4 = ip.match(/^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i);
  if (v4?.[1]) return v4[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...new Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
