import { randomUUID } from 'node:crypto';
import type { App } from '../app.js';
import type { FixedClock } from '../clock.js';
import type { Role } from '../modules/auth/actor.js';
import type { CreatedRequest } from '../modules/requests/requests.responses.js';
import { DEMO_PASSWORD } from '../seed/demo.js';
import * as drives from './factories/drives.js';
import * as wishes from './factories/wishes.js';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** Demo grids used by the tests: 交通路社区第1网格 (the demo account `grid`) and 东关社区第1网格, both in 滨河街道. */
export const GRIDS = { jiaotonglu: '141102001002-01', dongguan: '141102001001-01' } as const;

/**
 * Builds test data through the real API; tests read like a user's steps. `call<T>` takes the
 * answer's type (the modules' response schemas, `z.infer`); the helpers below return typed views.
 * Each programme's helpers live in test/factories/<programme>.ts and are reached from here.
 */
export class Factories {
  private tokens = new Map<string, string>();

  constructor(
    readonly app: App,
    readonly clock: FixedClock,
  ) {}

  async call<T = any>(
    method: string,
    url: string,
    opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const r = await this.app.server.inject({ method: method as 'GET', url, headers, payload });
    let body: unknown = r.body;
    if ((r.headers['content-type'] ?? '').toString().includes('json')) body = r.body ? JSON.parse(r.body) : null;
    return { status: r.statusCode, body: body as T, headers: r.headers as Record<string, unknown> };
  }

  /** Signs in (the real login, cached per username for the test file). */
  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const r = await this.call<{ token: string }>('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.tokens.set(username, r.body.token);
    return r.body.token;
  }

  forget(username: string): void {
    this.tokens.delete(username);
  }

  /** A new account of a role in a unit, signed in. */
  async user(
    role: Role,
    unitId: string | null,
    name = `${role}-${randomUUID().slice(0, 6)}`,
  ): Promise<{ id: string; username: string; token: string }> {
    const username = name.replace(/[^A-Za-z0-9_.-]/g, '_');
    const admin = await this.login('admin');
    const r = await this.call<{ id: string }>('POST', '/api/users', {
      token: admin,
      body: { username, displayName: name, password: DEMO_PASSWORD, role, unitId },
    });
    if (r.status !== 201) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return { id: r.body.id, username, token: await this.login(username) };
  }

  /** The centre of a grid: a point that routes to exactly that grid. */
  async at(gridId: string): Promise<{ lat: number; lng: number }> {
    const u = await this.app.services.org.get(gridId);
    if (!u || u.lat === null || u.lng === null) throw new Error(`grid ${gridId} has no position`);
    return { lat: u.lat, lng: u.lng };
  }

  /** Files a request; by default a resident's problem at 交通路社区第1网格, routed to that grid. */
  async request(opts: { token?: string | null; body?: Record<string, unknown> } = {}): Promise<CreatedRequest> {
    const r = await this.call<CreatedRequest>('POST', '/api/requests', {
      token: opts.token === undefined ? await this.login('resident') : opts.token,
      body: {
        categoryCode: 'city_appearance',
        description: '小区门口垃圾桶未分类，堆放杂乱',
        location: await this.at(GRIDS.jiaotonglu),
        reporterPhone: '13935812345',
        ...(opts.body ?? {}),
      },
    });
    if (r.status !== 201) throw new Error(`request: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async act(token: string, id: string, body: Record<string, unknown>): Promise<Res> {
    return this.call('POST', `/api/requests/${id}/actions`, { token, body });
  }

  /** Takes a request to `resolved` as its grid worker (the demo account `grid` of 交通路社区第1网格). */
  async resolved(opts: { body?: Record<string, unknown> } = {}): Promise<CreatedRequest> {
    const req = await this.request(opts);
    const grid = await this.login('grid');
    for (const body of [{ action: 'sign' }, { action: 'contact', note: '已电话联系' }, { action: 'resolve', reply: '已清理' }]) {
      const r = await this.act(grid, req.id, body);
      if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return req;
  }

  /** A wish entered by 交通路社区's staff, waiting for the check (test/factories/wishes.ts). */
  wish(body?: wishes.WishBody): ReturnType<typeof wishes.wish> {
    return wishes.wish(this, body);
  }

  /** A wish entered and published to the board, ready to claim. */
  publishedWish(body?: wishes.WishBody, publish?: Record<string, unknown>): ReturnType<typeof wishes.publishedWish> {
    return wishes.publishedWish(this, body, publish);
  }

  /** A 交通路社区 aid drive with one item, stocked and started as asked (test/factories/drives.ts). */
  drive(opts?: drives.DriveOptions): ReturnType<typeof drives.drive> {
    return drives.drive(this, opts);
  }

  /** A recipient of a drive, a household of its own unless told otherwise. */
  recipient(driveId: string, body?: Parameters<typeof drives.recipient>[2]): ReturnType<typeof drives.recipient> {
    return drives.recipient(this, driveId, body);
  }
}
