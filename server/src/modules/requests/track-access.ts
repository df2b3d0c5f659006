import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.js';

/** How long a resident's access to one tracked request lasts after proving number + phone (or code). */
export const TRACK_ACCESS_MINUTES = 30;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Short-lived access to one tracked request, so the phone and the code travel once, in a POST
 * body, and never in a URL (photos are fetched with the token). The token names the request and
 * its expiry, signed with HMAC-SHA256 under a key derived from the server's secret
 * (server/src/secret.ts; LIANXIN_SECRET when several instances share a database). It holds
 * nothing personal.
 */
export class TrackAccess {
  private readonly key: Buffer;

  constructor(
    serverSecret: string,
    private readonly clock: Clock,
  ) {
    // Its own key, so a token of another signed-link feature can never pass for this one.
    this.key = createHmac('sha256', serverSecret).update('lianxin.track-access').digest();
  }

  issue(requestId: string): { token: string; expiresAt: string } {
    const expires = new Date(this.clock.now().getTime() + TRACK_ACCESS_MINUTES * 60_000);
    const payload = b64(`${requestId}.${Math.floor(expires.getTime() / 1000)}`);
    return { token: `${payload}.${this.mac(payload)}`, expiresAt: expires.toISOString() };
  }

  /** The request id the token grants, or null (forged, altered or expired). */
  verify(token: string | undefined): string | null {
    const [payload, mac, ...rest] = (token ?? '').split('.');
    if (!payload || !mac || rest.length) return null;
    const want = Buffer.from(this.mac(payload));
    const got = Buffer.from(mac);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    const [id, exp] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
    if (!id || !exp || Number(exp) * 1000 < this.clock.now().getTime()) return null;
    return id;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
