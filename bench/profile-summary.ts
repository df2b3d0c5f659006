/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time by function and
 * inclusive time of the frames that matter, so that a hot path can be found without a GUI.
 * Usage: node bin/run-ts.mjs bench/profile-summary.ts <file.cpuprofile> [top=30] [filter]
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const [file, topArg, filter] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [top] [filter]');
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; startTime: number; endTime: number };
const top = Number(topArg ?? 30);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = prof.samples.length;
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/(node_modules|server\/src)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const incl = new Map<string, number>();
const counts = new Map<number, number>();
for (const s of prof.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
for (const [id, c] of counts) {
  const n = byId.get(id) as Node;
  self.set(label(n), (self.get(label(n)) ?? 0) + c);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur) as Node);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + c);
  }
}
const pct = (c: number) => `${((100 * c) / total).toFixed(1).padStart(5)}%`;
console.log(`${total} samples over ${((prof.endTime - prof.startTime) / 1e6).toFixed(1)} s`);
console.log('\nself time:');
for (const [l, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(c)}  ${l}`);
console.log(`\ninclusive time${filter ? ` (frames matching ${filter})` : ''}:`);
for (const [l, c] of [...incl]
  .filter(([l]) => (filter ? l.includes(filter) : true))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`${pct(c)}  ${l}`);
