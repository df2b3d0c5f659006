import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { driveMachine } from '../../../server/src/modules/drives/drive.lifecycle';
import { ROUND_MACHINE } from '../../../server/src/modules/inspections/round.workflow';
import { ORDER_MACHINE } from '../../../server/src/modules/rectification/order.lifecycle';
import { REQUEST_MACHINE } from '../../../server/src/modules/requests/lifecycle';
import { WISH_MACHINE } from '../../../server/src/modules/wishes/wish.lifecycle';
import drivesEn from '../features/drives/i18n/en';
import drivesZh from '../features/drives/i18n/zh';
import inspEn from '../features/inspections/i18n/en';
import inspZh from '../features/inspections/i18n/zh';
import requestsEn from '../features/requests/i18n/en';
import requestsZh from '../features/requests/i18n/zh';
import wishesEn from '../features/wishes/i18n/en';
import wishesZh from '../features/wishes/i18n/zh';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The plain-data words files, one per programme, beside each state machine. */
const NAMES = [
  'server/src/modules/requests/request.names',
  'server/src/modules/wishes/wish.names',
  'server/src/modules/drives/drive.names',
  'server/src/modules/inspections/round.names',
  'server/src/modules/rectification/order.names',
];

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
        if (/from '(\.\.\/)+server\/src\//.test(s) && !/^(import|export) type /.test(s) && !NAMES.some((n) => s.includes(`/${n}'`)))
          offences.push(`${path.relative(WEB, file)}: ${s.split('\n')[0]}`);
    expect(offences).toEqual([]);
    expect(fs.readFileSync(path.join(WEB, 'api/types.ts'), 'utf8')).toContain(
      "from '../../../server/src/modules/requests/requests.responses'",
    );
  });

  it('the words files the web imports as values hold data only (type-only imports)', () => {
    for (const names of NAMES) {
      const text = fs.readFileSync(path.resolve(WEB, '../..', `${names}.ts`), 'utf8');
      const imports = statements(text).filter((s) => s.startsWith('import'));
      expect(imports.length, names).toBeGreaterThan(0);
      expect(
        imports.filter((s) => !s.startsWith('import type ')),
        names,
      ).toEqual([]);
    }
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

  it('wishes and drives show their machines’ words: tags, filters, timeline and the ways to sign for a parcel', () => {
    const check = (
      bundle: Record<string, string>,
      prefix: string,
      names: Record<string, { zh: string; en: string }>,
      lang: 'zh' | 'en',
    ) => {
      for (const [code, name] of Object.entries(names)) expect(bundle[`${prefix}.${code}`], `${prefix}.${code}`).toBe(name[lang]);
    };
    for (const [lang, wishBundle, driveBundle] of [
      ['zh', wishesZh, drivesZh],
      ['en', wishesEn, drivesEn],
    ] as const) {
      check(wishBundle, 'wish.status', WISH_MACHINE.decl.statusNames, lang);
      check(driveBundle, 'drives.action', driveMachine.decl.actionNames, lang);
    }
    check(inspZh, 'insp.status', ROUND_MACHINE.decl.statusNames, 'zh');
    check(inspEn, 'insp.status', ROUND_MACHINE.decl.statusNames, 'en');
    check(inspZh, 'insp.orderStatus', ORDER_MACHINE.decl.statusNames, 'zh');
    check(inspEn, 'insp.orderStatus', ORDER_MACHINE.decl.statusNames, 'en');
    expect(inspZh['insp.status.in_progress']).toBe('督查中');
    expect(wishesEn['wish.status.confirmed']).toBe('Fulfilled');
    expect(drivesZh['drives.action.start']).toBe('开始发放');
  });
});
