import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Answers smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Vite names every built asset `<name>-<hash>.<ext>` under /assets: its content never changes. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;

export function isHashedAsset(file: string): boolean {
  return HASHED_ASSET.test(file);
}

/**
 * Compression of dynamic answers (JSON, CSV, XML, text) above the threshold, brotli or gzip as
 * the client accepts. Brotli at quality 5: most of quality 11's gain at a fraction of the CPU.
 * Files the build precompressed (see `registerWebApp`) already carry their Content-Encoding and
 * are left alone.
 */
export async function registerCompression(server: FastifyInstance): Promise<void> {
  await server.register(compress, {
    globalCompression: true,
    // request bodies stay as sent: decompressing them would let a small upload expand past the body limit
    globalDecompression: false,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
    zlibOptions: { level: 6 },
    customTypes: /^(application\/(json|geo\+json|xml|javascript)|text\/)/,
  });
}

/**
 * The built web app: the `.br` / `.gz` files written beside each asset by the build are sent
 * when the client accepts them; hashed assets are cached for a year, everything else
 * (index.html, the icon) revalidated on each load so a new build is picked up at once.
 */
export async function registerWebApp(server: FastifyInstance, webDir: string): Promise<void> {
  await server.register(fastifyStatic, {
    root: path.resolve(webDir),
    prefix: '/',
    wildcard: false,
    // the .br / .gz siblings are chosen by Accept-Encoding, never addressed themselves
    globIgnore: ['**/*.br', '**/*.gz'],
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, file) {
      reply.header('cache-control', isHashedAsset(file) ? IMMUTABLE : REVALIDATE);
    },
  });
}
