/**
 * Signed links for QR codes and printed documents. A link holds an opaque id (never a name, a
 * phone or an address) and an HMAC of its path made with the server's secret, so a scanned card
 * can be told from a forged one. The signature proves where the link came from, not who may open
 * it: the page it opens still checks the reader's scope.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIG = 'sig';

function mac(secret: string, pathAndQuery: string): string {
  return createHmac('sha256', secret).update(pathAndQuery).digest('base64url').slice(0, 32);
}

/** `/grid/r/<id>` → `<base>/grid/r/<id>?sig=…` (base without a trailing slash). */
export function signLink(secret: string, base: string, path: string): string {
  if (!path.startsWith('/')) throw new Error('signLink: the path must start with /');
  const sep = path.includes('?') ? '&' : '?';
  return `${base.replace(/\/+$/, '')}${path}${sep}${SIG}=${mac(secret, path)}`;
}

/** The signed path (without `sig`) when the link's signature is ours, else null. Any base is accepted: the signature covers the path. */
export function verifyLink(secret: string, link: string): string | null {
  let url: URL;
  try {
    url = new URL(link, 'http://local');
  } catch {
    return null;
  }
  const sig = url.searchParams.get(SIG);
  if (!sig) return null;
  url.searchParams.delete(SIG);
  const path = `${url.pathname}${url.search}`;
  const want = Buffer.from(mac(secret, path));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? path : null;
}
