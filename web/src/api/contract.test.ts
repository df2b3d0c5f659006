import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUEST_MACHINE } from '../../../server/src/modules/requests/lifecycle';
import requestsEn from '../features/requests/i18n/en';
import requestsZh from '../features/requests/i18n/zh';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NAMES = 'server/src/modules/requests/request.names';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Every `import … from '…'` / `export … from '…'` statement of a file, whole. */
const statements = (text: string) => text.match(/^(?:import|export)\s[^;]*?\sfrom\s+'[^']+';/gms) ?? [];

/**
 * The web's API types are the server's (web/src/api/types.ts imports the schemas' inferred
 * types). Type-only imports are erased, so no zod and no server code reach the bundle; the one
 * value the web takes from the server is the status and action words, a plain-data file.
 */
describe('the web reads the server contract', () => {
  it('imports from the server are type-only, except the plain-data status and action words', () => {
    const offences: string[] = [];
    for (const file of sources(WEB))
      for (const s of statements(fs.readFileSync(file, 'utf8')))
        if (/from '(\.\.\/)+server\/src\//.test(s) && !/^(import|export) type /.test(s) && !s.includes(NAMES))
          offences.push(`${path.relative(WEB, file)}: ${s.split('\n')[0]}`);
    expect(offences).toEqual([]);
    expect(fs.readFileSync(path.join(WEB, 'api/types.ts'), 'utf8')).toContain(
      "from '../../../server/src/modules/requests/requests.responses'",
    );
  });

  it('the words file the web imports as a value holds data only (type-only imports)', () => {
    const text = fs.readFileSync(path.resolve(WEB, '../..', `${NAMES}.ts`), 'utf8');
    const imports = statements(text).filter((s) => s.startsWith('import'));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((s) => !s.startsWith('import type '))).toEqual([]);
  });

  it('buttons, tags and the timeline use the state machine’s words, in both languages (no copy overrides them)', () => {
    // statuses are shared words; actions are the requests feature's bundle
    const zhWords = zh as Record<string, string>;
    const enWords = en as Record<string, string>;
    const zhActions = requestsZh as Record<string, string>;
    const enActions = requestsEn as Record<string, string>;
    for (const [action, name] of Object.entries(REQUEST_MACHINE.decl.actionNames)) {
      expect(zhActions[`action.${action}`], action).toBe(name.zh);
      expect(enActions[`action.${action}`], action).toBe(name.en);
    }
    for (const [status, name] of Object.entries(REQUEST_MACHINE.decl.statusNames)) {
      expect(zhWords[`status.${status}`], status).toBe(name.zh);
      expect(enWords[`status.${status}`], status).toBe(name.en);
    }
    expect(zhActions['action.rate']).toBe('评价');
    expect(zhActions['action.merge']).toBe('合并');
  });
});
