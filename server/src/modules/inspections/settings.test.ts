/** The inspections settings are read by config.ts at start; a bad value stops the start naming the setting. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';

describe('inspections settings (config.ts)', () => {
  it('LIANXIN_RECURRING_DAYS defaults to 90, takes a whole number of days, and refuses anything else by name', () => {
    expect(loadConfig({}).recurringDays).toBe(90);
    expect(loadConfig({ LIANXIN_RECURRING_DAYS: '30' }).recurringDays).toBe(30);
    for (const bad of ['abc', '0', '-5', '2.5', '99999'])
      expect(() => loadConfig({ LIANXIN_RECURRING_DAYS: bad })).toThrow(/LIANXIN_RECURRING_DAYS/);
  });

  it('LIANXIN_OFFICE_HOURS is parsed once; a malformed list is refused by name', () => {
    expect(loadConfig({}).officeHours).toEqual([
      [510, 720],
      [870, 1080],
    ]);
    expect(loadConfig({ LIANXIN_OFFICE_HOURS: '09:00-17:00' }).officeHours).toEqual([[540, 1020]]);
    expect(() => loadConfig({ LIANXIN_OFFICE_HOURS: '9-17' })).toThrow(/LIANXIN_OFFICE_HOURS/);
  });
});
