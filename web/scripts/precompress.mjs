// Writes `<file>.br` and `<file>.gz` beside each text asset of the build (JavaScript, CSS, HTML,
// SVG, JSON) so the server sends them without compressing per request. Node's zlib only: brotli
// at quality 11 and gzip at level 9, done once per build. A file is skipped when it is small or
// does not shrink.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
const MIN_BYTES = 1024;

/** Precompresses every text file under `dir` (recursively); returns what it wrote. */
export function precompressDir(dir) {
  const written = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !TEXT.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (file.includes(`${path.sep}.vite${path.sep}`)) continue; // the manifest is for tools, not browsers
    const raw = fs.readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    const br = zlib.brotliCompressSync(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gz = zlib.gzipSync(raw, { level: 9 });
    for (const [ext, body] of [
      ['.br', br],
      ['.gz', gz],
    ]) {
      if (body.length >= raw.length) continue;
      fs.writeFileSync(file + ext, body);
      written.push({ file: path.relative(dir, file) + ext, bytes: body.length, raw: raw.length });
    }
  }
  return written;
}

/** The Vite plugin: runs after the bundle is written. */
export function precompress() {
  let outDir = 'dist';
  return {
    name: 'lianxin-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const written = precompressDir(outDir);
      const br = written.filter((w) => w.file.endsWith('.br'));
      const raw = br.reduce((s, w) => s + w.raw, 0);
      const packed = br.reduce((s, w) => s + w.bytes, 0);
      console.log(
        `precompress: ${written.length} files (.br and .gz); brotli ${(raw / 1024).toFixed(0)} KB → ${(packed / 1024).toFixed(0)} KB`,
      );
    },
  };
}
