import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';

/** How long a resident's access to one tracked request lasts after proving number + phone (or code). */
export const TRACK_ACCESS_MINUTES = 30;
const SECRET_KEY = 'track.access.secret';

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Short-lived access to one tracked request, so the phone and the code travel once, in a POST
 * body, and never in a URL (photos are fetched with the token). The token names the request and
 * its expiry, signed with HMAC-SHA256 under a random secret kept in `settings` (shared by every
 * instance on one database). It holds nothing personal.
 */
export class TrackAccess {
  private secret: Buffer | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  async issue(requestId: string): Promise<{ token: string; expiresAt: string }> {
    const expires = new Date(this.clock.now().getTime() + TRACK_ACCESS_MINUTES * 60_000);
    const payload = b64(`${requestId}.${Math.floor(expires.getTime() / 1000)}`);
    return { token: `${payload}.${this.mac(await this.key(), payload)}`, expiresAt: expires.toISOString() };
  }

  /** The request id the token grants, or null (forged, altered or expired). */
  async verify(token: string | undefined): Promise<string | null> {
    const [payload, mac, ...rest] = (token ?? '').split('.');
    if (!payload || !mac || rest.length) return null;
    const want = Buffer.from(this.mac(await this.key(), payload));
    const got = Buffer.from(mac);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    const [id, exp] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
    if (!id || !exp || Number(exp) * 1000 < this.clock.now().getTime()) return null;
    return id;
  }

  private mac(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url');
  }

  /** The secret: created once by whichever instance comes first, then read by all. */
  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    await this.db
      .insertInto('settings')
      .values({ key: SECRET_KEY, value: JSON.stringify(randomBytes(32).toString('hex')) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
    this.secret = Buffer.from(JSON.parse(row.value) as string, 'hex');
    return this.secret;
  }
}
