import { describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../clock.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

describe.each(DIALECTS)('the calendar over HTTP on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('the baseline loaded the shipped 2025/2026 calendar; GET /api/calendar/:year lists it', async () => {
    const { f, app } = ctx();
    const r = await f.call('GET', '/api/calendar/2025');
    expect(r.status).toBe(200);
    expect(r.body.year).toBe(2025);
    expect(r.body.days).toHaveLength(33);
    expect(r.body.days).toContainEqual({ date: '2025-09-28', kind: 'workday', name: expect.stringContaining('调休') });
    expect(r.body.days).toContainEqual({ date: '2025-10-08', kind: 'holiday', name: expect.any(String) });
    const dates = (r.body.days as { date: string }[]).map((d) => d.date);
    expect(dates).toEqual([...dates].sort());

    // The service's calendar is the database's: 2025 National Day, 7 working days from Friday 09-26.
    const cal = await app.services.calendar.calendar();
    expect(cal.addWorkingDays(new Date('2025-09-26T02:00:00Z'), 7).getTime()).toBe(chinaMidnight('2025-10-14').getTime());
    expect((await f.call('GET', '/api/calendar/2026')).body.days).toHaveLength(39);
  });

  it('a day the command centre adds changes the deadlines computed afterwards', async () => {
    const { f } = ctx();
    // T0 is Tuesday 2026-03-10. 7 working days: 11 12 13 | 16 17 18 19 → due at the end of 03-19.
    //   Mar 2026
    //   Mo Tu We Th Fr Sa Su
    //    9 10 11 12 13 14 15      10 = accepted
    //   16 17 18 19 20 21 22
    const before = await f.request();
    expect(before.deadlines.resolve).toBe(chinaMidnight('2026-03-20').toISOString());

    const admin = await f.login('admin');
    // 03-11 becomes a holiday: 12 13 | 16 17 18 19 20 → end of 03-20.
    const put = await f.call('PUT', '/api/calendar/days/2026-03-11', { token: admin, body: { kind: 'holiday', name: '临时停工' } });
    expect(put.status).toBe(200);
    const after = await f.request();
    expect(after.deadlines.resolve).toBe(chinaMidnight('2026-03-21').toISOString());
    // The request filed earlier keeps its deadline.
    const again = await f.call('GET', `/api/requests/${before.id}`, { token: admin });
    expect(again.body.request.deadlines.resolve).toBe(chinaMidnight('2026-03-20').toISOString());

    // Saturday 03-14 becomes a make-up working day: 12 13 14 | 16 17 18 19 → back to the end of 03-19.
    expect(
      (await f.call('PUT', '/api/calendar/days/2026-03-14', { token: admin, body: { kind: 'workday', name: '调休上班' } })).status,
    ).toBe(200);
    expect((await f.request()).deadlines.resolve).toBe(chinaMidnight('2026-03-20').toISOString());

    const year = await f.call('GET', '/api/calendar/2026');
    expect(year.body.days).toContainEqual({ date: '2026-03-11', kind: 'holiday', name: '临时停工' });
    expect(year.body.days).toContainEqual({ date: '2026-03-14', kind: 'workday', name: '调休上班' });

    // Editing an existing day (upsert) and removing days.
    expect((await f.call('PUT', '/api/calendar/days/2026-03-11', { token: admin, body: { kind: 'workday', name: '改回' } })).status).toBe(
      200,
    );
    expect((await f.call('GET', '/api/calendar/2026')).body.days).toContainEqual({ date: '2026-03-11', kind: 'workday', name: '改回' });
    expect((await f.call('DELETE', '/api/calendar/days/2026-03-11', { token: admin })).status).toBe(200);
    expect((await f.call('DELETE', '/api/calendar/days/2026-03-14', { token: admin })).status).toBe(200);
    expect((await f.call('DELETE', '/api/calendar/days/2026-03-14', { token: admin })).status).toBe(404);
    expect((await f.request()).deadlines.resolve).toBe(chinaMidnight('2026-03-20').toISOString());

    // Every change is audited.
    const audit = await f.call('GET', '/api/audit?entityType=holiday&limit=50', { token: admin });
    expect((audit.body.items as { action: string }[]).map((e) => e.action).sort()).toEqual([
      'calendar.day_removed',
      'calendar.day_removed',
      'calendar.day_set',
      'calendar.day_set',
      'calendar.day_set',
    ]);
  });

  it('a day added on one instance is used at once by another instance that already read the calendar', async () => {
    const { app } = ctx();
    const second = await ctx().second();
    const cal0 = await second.services.calendar.calendar(); // the second instance has the calendar in hand
    expect(cal0.isWorkingDay('2026-06-01')).toBe(true);
    const admin = await ctx().f.login('admin');
    const put = await app.server.inject({
      method: 'PUT',
      url: '/api/calendar/days/2026-06-01',
      headers: { authorization: `Bearer ${admin}` },
      payload: { kind: 'holiday', name: '区级停工日' },
    });
    expect(put.statusCode).toBe(200);
    expect((await second.services.calendar.calendar()).isWorkingDay('2026-06-01')).toBe(false);
    await app.server.inject({ method: 'DELETE', url: '/api/calendar/days/2026-06-01', headers: { authorization: `Bearer ${admin}` } });
    expect((await second.services.calendar.calendar()).isWorkingDay('2026-06-01')).toBe(true);
  });

  it('2027 ships its statutory days, marked provisional until the command centre confirms the notice is entered', async () => {
    const { f, app } = ctx();
    const y2026 = await f.call('GET', '/api/calendar/2026');
    expect(y2026.body).toMatchObject({ status: 'official', source: expect.stringContaining('国办发明电〔2025〕7号') });
    const y = await f.call('GET', '/api/calendar/2027');
    expect(y.body).toMatchObject({ year: 2027, status: 'provisional', source: expect.stringContaining('国务院令第798号') });
    // 《全国年节及纪念日放假办法》: 元旦 1, 春节 4 (除夕 2-05, 初一 2-06 … 初三 2-08), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3.
    const off = (y.body.days as { date: string; kind: string }[]).filter((d) => d.kind === 'holiday').map((d) => d.date);
    expect(off).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    // Deadlines already count them: Thursday 2027-02-04 + 2 working days skips Fri 02-05 and Mon 02-08 → Wed 02-10.
    const cal = await app.services.calendar.calendar();
    expect(cal.addWorkingDays(new Date('2027-02-04T02:00:00Z'), 2).getTime()).toBe(chinaMidnight('2027-02-11').getTime());
    expect((await f.call('GET', '/api/calendar/2031')).body).toMatchObject({ status: 'missing', source: null, days: [] });

    // Once the notice is out, the command centre enters its 调休 and says so; only it may.
    const staff = await f.login('binhe');
    const body = { source: '国务院办公厅关于2027年部分节假日安排的通知' };
    expect((await f.call('PUT', '/api/calendar/2027/confirmation', { body })).status).toBe(401);
    expect((await f.call('PUT', '/api/calendar/2027/confirmation', { token: staff, body })).status).toBe(403);
    const admin = await f.login('admin');
    const short = await f.call('PUT', '/api/calendar/2027/confirmation', { token: admin, body: { source: ' ' } });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('source');
    const ok = await f.call('PUT', '/api/calendar/2027/confirmation', { token: admin, body });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'confirmed', source: body.source, confirmedAt: ctx().clock.now().toISOString() });
    // The public answer names no one; the audit log says who confirmed, and what the year was before.
    const after = await f.call('GET', '/api/calendar/2027');
    expect(after.body).toMatchObject({ status: 'confirmed', source: body.source });
    expect(JSON.stringify(after.body)).not.toContain('王');
    const audit = await f.call('GET', '/api/audit?entityType=calendar_year&limit=10', { token: admin });
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'calendar.year_confirmed', entity_id: '2027' })]);
    expect(JSON.parse(audit.body.items[0].detail).before.status).toBe('provisional');
    // An official year has nothing to confirm.
    const official = await f.call('PUT', '/api/calendar/2026/confirmation', { token: admin, body });
    expect(official.status).toBe(409);
    expect((await f.call('GET', '/api/calendar/2026')).body.status).toBe('official');
  });

  it('the next year can be entered before its notice ships (2028)', async () => {
    const { f, app } = ctx();
    const admin = await f.login('admin');
    expect((await f.call('GET', '/api/calendar/2028')).body.days).toEqual([]);
    expect((await f.call('PUT', '/api/calendar/days/2028-01-03', { token: admin, body: { kind: 'holiday', name: '元旦' } })).status).toBe(
      200,
    );
    const cal = await app.services.calendar.calendar();
    expect(cal.isWorkingDay('2028-01-03')).toBe(false); // a Monday
    // Friday 2027-12-31 + 1 working day: Monday 01-03 is off → Tuesday 01-04.
    expect(cal.addWorkingDays(new Date('2027-12-31T02:00:00Z'), 1).getTime()).toBe(chinaMidnight('2028-01-05').getTime());
  });

  it('only the command centre edits the calendar: 401 without a session, 403 for other roles', async () => {
    const { f } = ctx();
    const body = { kind: 'holiday', name: '不该成功' };
    expect((await f.call('PUT', '/api/calendar/days/2026-04-20', { body })).status).toBe(401);
    for (const who of ['binhe', 'jiaotonglu', 'grid', 'hwzx', 'resident', 'inspector']) {
      const r = await f.call('PUT', '/api/calendar/days/2026-04-20', { token: await f.login(who), body });
      expect(r.status, who).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await f.call('DELETE', '/api/calendar/days/2026-01-01', { token: await f.login('binhe') })).status).toBe(403);
    expect((await f.call('GET', '/api/calendar/2026')).body.days).not.toContainEqual(expect.objectContaining({ date: '2026-04-20' }));
  });

  it('bad dates and bodies → 400 naming the field', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    for (const date of ['2026-02-30', '2026-13-01', '2025-02-29', '26-01-01', 'tomorrow', '2026-1-5']) {
      const r = await f.call('PUT', `/api/calendar/days/${date}`, { token: admin, body: { kind: 'holiday', name: '测试' } });
      expect(r.status, date).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'date' });
      expect(r.body.error.message).toMatch(/^date：/);
    }
    const kind = await f.call('PUT', '/api/calendar/days/2026-05-06', { token: admin, body: { kind: 'festival', name: '测试' } });
    expect(kind.status).toBe(400);
    expect(kind.body.error.field).toBe('kind');
    const name = await f.call('PUT', '/api/calendar/days/2026-05-06', { token: admin, body: { kind: 'holiday' } });
    expect(name.status).toBe(400);
    expect(name.body.error.field).toBe('name');
    const extra = await f.call('PUT', '/api/calendar/days/2026-05-06', { token: admin, body: { kind: 'holiday', name: 'x', note: 'y' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('note');
    const year = await f.call('GET', '/api/calendar/1999');
    expect(year.status).toBe(400);
    expect(year.body.error.field).toBe('year');
    expect((await f.call('GET', '/api/calendar/abcd')).body.error.field).toBe('year');
    // Nothing was written.
    expect((await f.call('GET', '/api/calendar/2026')).body.days).not.toContainEqual(expect.objectContaining({ date: '2026-05-06' }));
  });
});
