import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT } from '../../services.js';
import { type DayKind, WorkingCalendar } from './working-days.js';
import { addWorkingHours, parseOfficeHours, rectificationDeadline } from './working-hours.js';

const days = new Map<string, DayKind>();
for (const f of ['cn-2026.json'])
  for (const d of JSON.parse(fs.readFileSync(path.join(DATA_ROOT, 'holidays', f), 'utf8')).days) days.set(d.date, d.kind);
const cal = new WorkingCalendar(days);
const office = parseOfficeHours('08:30-12:00,14:30-18:00');
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('working hours (工作时)', () => {
  it('reads office hours and refuses malformed or overlapping periods', () => {
    expect(office).toEqual([
      [510, 720],
      [870, 1080],
    ]);
    expect(() => parseOfficeHours('8-12')).toThrow();
    expect(() => parseOfficeHours('08:30-12:00,11:00-18:00')).toThrow();
    expect(() => parseOfficeHours('12:00-08:00')).toThrow();
  });

  it('runs only in office hours: lunch and evenings do not count', () => {
    // Tue 2026-03-10: 11:00 + 2h = 1h before lunch, 1h after → 15:30
    expect(addWorkingHours(cal, office, at('2026-03-10 11:00'), 2)).toEqual(at('2026-03-10 15:30'));
    // given at 07:00 the clock starts at 08:30
    expect(addWorkingHours(cal, office, at('2026-03-10 07:00'), 1)).toEqual(at('2026-03-10 09:30'));
    // given in the lunch break it starts at 14:30; given at 20:00 it starts next morning
    expect(addWorkingHours(cal, office, at('2026-03-10 12:40'), 1)).toEqual(at('2026-03-10 15:30'));
    expect(addWorkingHours(cal, office, at('2026-03-10 20:00'), 1)).toEqual(at('2026-03-11 09:30'));
  });

  it('skips a weekend and a holiday: Friday 16:00 + 4 working hours before 清明 ends on Tuesday 10:30', () => {
    //   Apr 03 Fri  16:00–18:00  2h
    //   Apr 04 Sat, 05 Sun, 06 Mon  清明 holiday (Monday too)
    //   Apr 07 Tue  08:30–10:30  2h → due
    expect(addWorkingHours(cal, office, at('2026-04-03 16:00'), 4)).toEqual(at('2026-04-07 10:30'));
  });

  it('across 劳动节: Thursday 17:00 + 8 working hours ends at the close of Wednesday 05-06', () => {
    //   Apr 30 Thu 17:00–18:00 1h;  May 01..05 holiday;  May 06 Wed 3.5h + 3.5h = 8h at 18:00
    expect(addWorkingHours(cal, office, at('2026-04-30 17:00'), 8)).toEqual(at('2026-05-06 18:00'));
  });

  it('a make-up working Saturday counts (2026-05-09)', () => {
    // Fri 05-08 17:00 +2h: 1h Friday, then Saturday 05-09 is a working day → 09:30
    expect(addWorkingHours(cal, office, at('2026-05-08 17:00'), 2)).toEqual(at('2026-05-09 09:30'));
  });

  it('clock hours and working days are the other two units', () => {
    expect(rectificationDeadline(cal, office, at('2026-04-03 16:00'), { value: 24, unit: 'hours' })).toEqual(at('2026-04-04 16:00'));
    // 1 working day after Friday 04-03 is Tuesday 04-07: due at its end
    expect(rectificationDeadline(cal, office, at('2026-04-03 16:00'), { value: 1, unit: 'working_days' })).toEqual(at('2026-04-08 00:00'));
  });
});
