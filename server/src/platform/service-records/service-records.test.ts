/**
 * Service records on both databases: recorded once (a retried step answers the first record),
 * with evidence from the attachment store; bad input named by field with nothing written; confirmed
 * by staff whose area covers it (never one's own service); two confirmations at once — one wins;
 * every change in audit_log; hours count confirmed minutes only, per period; a sheet of service
 * imports through the documents seam all rows or none.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../modules/auth/actor.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { cells } from '../documents/cells.js';
import { defineSheet } from '../documents/sheet.js';
import type { ServiceRecordInput } from './service-records.schema.js';

const JT = { districtCode: '141102', streetCode: '141102001', communityCode: '141102001002', gridCode: GRIDS.jiaotonglu };
// 2026-03-10 is T0 (10:00 China time); service the morning before, in UTC
const at = (h: number, m = 0, day = 9, month = 3) => new Date(Date.UTC(2026, month - 1, day, h, m)).toISOString();

describe.each(DIALECTS)('service records on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const actors = {} as Record<'volunteer' | 'grid' | 'jiaotonglu' | 'dongguan' | 'resident' | 'admin', Actor>;
  let volunteerId = '';
  const audits = (entityId: string) =>
    ctx().database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', entityId).orderBy('id').execute();
  const count = async () =>
    Number(
      (
        await ctx()
          .database.db.selectFrom('service_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = async (token: string) => {
    const boundary = `----lx${randomUUID()}`;
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(r.statusCode, r.body).toBe(201);
    return JSON.parse(r.body).id as string;
  };
  const input = (over: Partial<ServiceRecordInput> = {}): ServiceRecordInput => ({
    person: { userId: volunteerId },
    entity: { type: 'wish', id: randomUUID() },
    startedAt: at(1),
    endedAt: at(3),
    place: JT,
    ...over,
  });

  beforeAll(async () => {
    const { f, app } = ctx();
    for (const u of Object.keys(actors).length ? [] : (['volunteer', 'grid', 'jiaotonglu', 'dongguan', 'resident', 'admin'] as const))
      actors[u] = (await app.services.auth.resolve(await f.login(u)))!;
    volunteerId = (actors.volunteer as Extract<Actor, { kind: 'user' }>).userId;
  });

  it('records service with evidence once, audited; a retried step answers the first record', async () => {
    const { app, f } = ctx();
    const photo = await upload(await f.login('volunteer'));
    const entity = { type: 'wish', id: randomUUID() };
    const first = await app.services.serviceRecords.record(actors.volunteer, input({ entity, evidence: [photo], note: '陪同就医' }));
    expect(first.replayed).toBe(false);
    expect(first.record).toMatchObject({ status: 'pending', minutes: 120, version: 1, evidence: [photo], entity, recordedBy: volunteerId });
    const again = await app.services.serviceRecords.record(actors.volunteer, input({ entity }));
    expect(again).toEqual({ record: first.record, replayed: true });
    expect(await app.services.serviceRecords.listByEntity(entity)).toHaveLength(1);
    expect((await audits(first.record.id)).map((a) => a.action)).toEqual(['service_record.recorded']);
    // the evidence is attached to the record: the community's staff may open it, another community's may not
    await expect(app.services.uploads.open(actors.jiaotonglu, photo)).resolves.toMatchObject({ mime: 'image/png' });
    await expect(app.services.uploads.open(actors.dongguan, photo)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('bad input is named by field and writes nothing', async () => {
    const { app, f } = ctx();
    const sr = app.services.serviceRecords;
    const before = await count();
    const cases: [Partial<ServiceRecordInput>, string][] = [
      [{ endedAt: at(1) }, 'endedAt'],
      [{ startedAt: at(1), endedAt: at(2), minutes: 61 }, 'minutes'],
      [{ endedAt: at(3, 0, 11) }, 'endedAt'], // not yet over (T0 is 03-10 02:00Z)
      [{ startedAt: 'yesterday' }, 'startedAt'],
      [{ person: { userId: randomUUID() } }, 'person.userId'],
      [{ evidence: [randomUUID()], startedAt: at(14), endedAt: at(15) }, 'evidence'],
    ];
    for (const [over, field] of cases)
      await expect(sr.record(actors.volunteer, input(over)), field).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field },
      });
    // someone else's photo: refused, and it stays unattached
    const theirs = await upload(await f.login('resident'));
    await expect(sr.record(actors.volunteer, input({ evidence: [theirs], startedAt: at(15), endedAt: at(16) }))).rejects.toMatchObject({
      details: { field: 'evidence' },
    });
    const up = await ctx().database.db.selectFrom('uploads').select('entity_id').where('id', '=', theirs).executeTakeFirstOrThrow();
    expect(up.entity_id).toBeNull();
    expect(await count()).toBe(before);
  });

  it('one person cannot serve two work items at overlapping times', async () => {
    const sr = ctx().app.services.serviceRecords;
    await sr.record(actors.volunteer, input({ person: { name: '王阿姨' }, startedAt: at(5), endedAt: at(7) }));
    await expect(
      sr.record(actors.volunteer, input({ person: { name: '王阿姨' }, startedAt: at(6), endedAt: at(8) })),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // back to back is fine
    await expect(
      sr.record(actors.volunteer, input({ person: { name: '王阿姨' }, startedAt: at(7), endedAt: at(8) })),
    ).resolves.toBeTruthy();
  });

  it('staff whose area covers it confirm or reject; not the person, not another community, not a resident', async () => {
    const sr = ctx().app.services.serviceRecords;
    const { record } = await sr.record(actors.volunteer, input({ startedAt: at(9), endedAt: at(10) }));
    await expect(sr.confirm(actors.volunteer, record.id, 1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(sr.confirm(actors.dongguan, record.id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sr.confirm(actors.resident, record.id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // a grid worker's own service is confirmed by someone else
    const gridId = (actors.grid as Extract<Actor, { kind: 'user' }>).userId;
    const own = await sr.record(actors.grid, input({ person: { userId: gridId }, startedAt: at(9), endedAt: at(10) }));
    await expect(sr.confirm(actors.grid, own.record.id, 1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ok = await sr.confirm(actors.jiaotonglu, own.record.id, 1);
    expect(ok).toMatchObject({ status: 'confirmed', version: 2, confirmedBy: (actors.jiaotonglu as { userId: string }).userId });
    await expect(sr.reject(actors.grid, record.id, 1, ' ')).rejects.toMatchObject({ details: { field: 'reason' } });
    expect(await sr.reject(actors.grid, record.id, 1, '时长与签到不符')).toMatchObject({
      status: 'rejected',
      rejectReason: '时长与签到不符',
    });
    await expect(sr.confirm(actors.jiaotonglu, record.id, 2)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await audits(record.id)).map((a) => a.action)).toEqual(['service_record.recorded', 'service_record.rejected']);
    expect((await audits(own.record.id)).map((a) => a.action)).toEqual(['service_record.recorded', 'service_record.confirmed']);
  });

  it('two confirmations at once (two instances): one wins, the other is a conflict; a stale version is a conflict', async () => {
    const { app } = ctx();
    const other = await ctx().second();
    const { record } = await app.services.serviceRecords.record(actors.volunteer, input({ startedAt: at(11), endedAt: at(12) }));
    const results = await Promise.allSettled([
      app.services.serviceRecords.confirm(actors.jiaotonglu, record.id, 1),
      other.services.serviceRecords.confirm(actors.grid, record.id, 1),
      app.services.serviceRecords.confirm(actors.admin, record.id, 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // the loser read the record after the winner (CONFLICT), or lost the write lock of SQLite's
    // file to the other instance (SQLITE_BUSY, which the HTTP layer answers as 409); nothing was written
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(['CONFLICT', 'SQLITE_BUSY']).toContain((r as PromiseRejectedResult).reason.code);
    expect((await app.services.serviceRecords.get(actors.admin, record.id)).version).toBe(2);
    expect((await audits(record.id)).filter((a) => a.action === 'service_record.confirmed')).toHaveLength(1);
    const stale = await app.services.serviceRecords.record(actors.volunteer, input({ startedAt: at(12), endedAt: at(13) }));
    await expect(app.services.serviceRecords.confirm(actors.admin, stale.record.id, 7)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('hours count confirmed minutes only, for service started in the period', async () => {
    const sr = ctx().app.services.serviceRecords;
    const p = { name: `李师傅-${dialect}` };
    const mk = async (day: number, h: number, minutes: number, decide?: 'confirm' | 'reject', month = 3) => {
      const { record } = await sr.record(
        actors.grid,
        input({ person: p, startedAt: at(h, 0, day, month), endedAt: at(h + 3, 0, day, month), minutes }),
      );
      if (decide === 'confirm') await sr.confirm(actors.jiaotonglu, record.id, 1);
      if (decide === 'reject') await sr.reject(actors.jiaotonglu, record.id, 1, '重复登记');
    };
    await mk(1, 1, 90, 'confirm'); // March
    await mk(2, 1, 45, 'confirm'); // March
    await mk(3, 1, 120); // March, pending
    await mk(4, 1, 60, 'reject'); // March, rejected
    await mk(28, 1, 30, 'confirm', 2); // February
    const march = [new Date(Date.UTC(2026, 2, 1)), new Date(Date.UTC(2026, 3, 1))] as const;
    expect(await sr.hoursOf(p, ...march)).toBe(2.25);
    expect(await sr.hoursOf(p, new Date(Date.UTC(2026, 1, 1)), march[1])).toBe(2.75);
    // by account id: a community worker's own service, confirmed by the grid worker of its grid
    const staffId = (actors.jiaotonglu as Extract<Actor, { kind: 'user' }>).userId;
    const own = await sr.record(
      actors.jiaotonglu,
      input({ person: { userId: staffId }, startedAt: at(1, 0, 5), endedAt: at(3, 0, 5), minutes: 90 }),
    );
    expect(await sr.hoursOf(staffId, ...march)).toBe(0);
    await sr.confirm(actors.grid, own.record.id, 1);
    expect(await sr.hoursOf(staffId, ...march)).toBe(1.5);
    const totals = await sr.minutesByPerson(...march);
    expect(totals.find((t) => t.key === `n:${p.name}`)).toEqual({ key: `n:${p.name}`, userId: null, name: p.name, minutes: 135 });
    expect((await sr.listByPerson(p, { from: march[0], to: march[1] })).map((r) => r.status)).toEqual([
      'confirmed',
      'confirmed',
      'pending',
      'rejected',
    ]);
  });

  const sheet = defineSheet({
    name: '服务登记',
    columns: {
      name: { header: '姓名', required: true, cell: cells.text({ max: 40 }) },
      date: { header: '日期', required: true, cell: cells.date() },
      start: { header: '开始', required: true, cell: cells.int({ min: 0, max: 23 }), note: '几点（0–23）' },
      minutes: { header: '分钟', required: true, cell: cells.int({ min: 1, max: 600 }) },
    },
  });
  const file = async (rows: unknown[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('登记');
    ws.addRow(['姓名', '日期', '开始', '分钟']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const importRows = (buf: Buffer, dryRun: boolean, activity: string) => {
    const { app } = ctx();
    return app.services.documents.importSheet(sheet, buf, {
      dryRun,
      write: async (trx, rows) => {
        for (const r of rows) {
          const start = new Date(`${r.date}T${String(r.start).padStart(2, '0')}:00:00+08:00`);
          await app.services.serviceRecords.record(
            actors.jiaotonglu,
            input({
              person: { name: r.name },
              entity: { type: 'activity', id: activity },
              startedAt: start.toISOString(),
              endedAt: new Date(start.getTime() + r.minutes * 60_000).toISOString(),
            }),
            trx,
          );
        }
        await app.services.audit.record(trx, actors.jiaotonglu, 'service_record.imported', 'activity', activity, { rows: rows.length });
      },
    });
  };

  it('a sheet of service imports through the documents seam: the dry run lists every bad cell and writes nothing; a clean sheet writes every row', async () => {
    const activity = randomUUID();
    const bad = await importRows(
      await file([
        ['赵一', '2026-03-05', 9, 60],
        ['', '2026-03-40', 25, 60],
        ['钱二', '2026-03-05', 9, 0],
      ]),
      false,
      activity,
    );
    expect(bad.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:姓名', '3:日期', '3:开始', '4:分钟']);
    expect(bad).toMatchObject({ rows: 3, valid: 1, imported: 0 });
    expect(await ctx().app.services.serviceRecords.listByEntity({ type: 'activity', id: activity })).toEqual([]);
    const good = await file([
      ['赵一', '2026-03-05', 9, 60],
      ['钱二', '2026-03-05', 9, 90],
    ]);
    expect(await importRows(good, true, activity)).toMatchObject({ rows: 2, valid: 2, imported: 0, errors: [] });
    expect(await ctx().app.services.serviceRecords.listByEntity({ type: 'activity', id: activity })).toEqual([]);
    expect(await importRows(good, false, activity)).toMatchObject({ imported: 2 });
    const written = await ctx().app.services.serviceRecords.listByEntity({ type: 'activity', id: activity });
    expect(written.map((r) => [r.person.name, r.minutes, r.startedAt]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['赵一', 60, '2026-03-05T01:00:00.000Z'],
      ['钱二', 90, '2026-03-05T01:00:00.000Z'],
    ]);
    expect((await audits(activity)).map((a) => a.action)).toEqual(['service_record.imported']);
  });

  it('a sheet whose write fails on its last row writes none of its rows', async () => {
    const activity = randomUUID();
    // 孙三 serves twice at overlapping times: the second record is a conflict, inside the import's transaction
    const buf = await file([
      ['周四', '2026-03-06', 9, 60],
      ['孙三', '2026-03-06', 9, 120],
      ['孙三', '2026-03-06', 10, 30],
    ]);
    await expect(importRows(buf, false, activity)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await ctx().app.services.serviceRecords.listByEntity({ type: 'activity', id: activity })).toEqual([]);
    expect(await audits(activity)).toEqual([]);
  });
});
