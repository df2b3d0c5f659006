import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Image hosts of the map tile providers the web app can be built with (web/src/map/providers.ts). */
export const TILE_HOSTS = ['https://*.tianditu.gov.cn', 'https://*.is.autonavi.com', 'https://tile.openstreetmap.org'];

/**
 * The CSP hashes of the inline scripts of the served index.html (the web app applies the
 * remembered large-font mode before the first paint with one). Read from the built file when
 * the server starts, so an edited script is allowed exactly as built and nothing else is.
 */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
}

/**
 * The Content-Security-Policy of every answer. Scripts only from this origin and the inline
 * scripts of index.html by their hashes; styles also inline, because Ant Design's CSS-in-JS inserts <style>
 * elements at run time and Leaflet and ECharts set style attributes; images from this origin,
 * data:/blob: (photo previews, Leaflet's icons) and the tile hosts; no framing by anyone.
 */
export function contentSecurityPolicy(extraImgHosts: string[] = [], scriptHashes: string[] = []): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${[...TILE_HOSTS, ...extraImgHosts].join(' ')}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** onSend: the security headers, on every answer (API, feeds, the web app, errors). */
export function securityHeaders(csp: string) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.header('content-security-policy', csp);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    // Tile hosts such as 天地图 check the referring site for their keys: send the origin, never the path.
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=15552000');
  };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A write authenticated by the session cookie must come from a page of this origin: a sibling
 * subdomain (same site, so SameSite=Lax lets the cookie through) or any other site is refused.
 * Browsers send Sec-Fetch-Site (JavaScript cannot forge it); older ones send Origin. A request
 * with neither is not a browser's cross-site request. Bearer tokens, API keys and anonymous
 * callers carry no ambient credential and are not checked.
 */
export function checkSameOrigin(req: FastifyRequest, viaCookie: boolean): void {
  if (!viaCookie || !WRITES.has(req.method)) return;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return;
    throw crossSite(site);
  }
  const origin = req.headers.origin;
  if (origin === undefined) return;
  if (origin !== `${req.protocol}://${req.host}`) throw crossSite(origin);
}

const crossSite = (from: string) =>
  new AppError(
    'FORBIDDEN',
    `请求来自其他网站（${from}），已拒绝；请在本站页面上操作`,
    `Refused: a signed-in change must come from this site's own pages (came from ${from})`,
    { field: 'Origin' },
  );
