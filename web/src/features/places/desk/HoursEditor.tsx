import { Button, Input, Radio, Select, Space, Typography } from 'antd';
import { useId } from 'react';
import { useBundle } from '../../../i18n/bundle';
import { type PlacesKey, placesText } from '../i18n';
import { badDays, type HoursDraft, validTime } from './hours';
import { placesDeskText } from './i18n';

const KINDS: HoursDraft['kind'][] = ['always', 'weekly', 'off_work', 'closed'];

/** Opening rules: 24 hours, weekly intervals per weekday with a holiday policy, 错时 (outside working hours), or closed. */
export function HoursEditor({ value, onChange }: { value?: HoursDraft; onChange?: (v: HoursDraft) => void }) {
  const t = useBundle(placesText, placesDeskText);
  const id = useId();
  if (!value) return null;
  const set = (patch: Partial<HoursDraft>) => onChange?.({ ...value, ...patch });
  const bad = new Set(badDays(value));
  const setDay = (i: number, text: string) => set({ days: value.days.map((d, j) => (j === i ? text : d)) });
  return (
    <div className="lx-hours-editor">
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={value.kind}
        onChange={(e) => set({ kind: e.target.value as HoursDraft['kind'] })}
        options={KINDS.map((k) => ({ value: k, label: t(`dp.h.${k}`) }))}
        aria-label={t('dp.f.hours')}
        data-testid="hours-kind"
      />
      {value.kind === 'weekly' && (
        <div className="lx-hours-week">
          <Typography.Paragraph type="secondary" id={`${id}-hint`} style={{ margin: '8px 0' }}>
            {t('dp.h.dayHint')}
          </Typography.Paragraph>
          {value.days.map((d, i) => {
            const label = t(`hours.d${i + 1}` as PlacesKey);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the seven weekdays
              <div key={i} className="lx-hours-day">
                <label htmlFor={`${id}-d${i}`}>{label}</label>
                <Input
                  id={`${id}-d${i}`}
                  value={d}
                  onChange={(e) => setDay(i, e.target.value)}
                  status={bad.has(i) ? 'error' : undefined}
                  aria-invalid={bad.has(i) || undefined}
                  aria-describedby={`${id}-hint`}
                  placeholder={t('dp.h.closed')}
                  data-testid={`hours-day-${i}`}
                />
              </div>
            );
          })}
          <Space wrap style={{ margin: '4px 0 8px' }}>
            <Button size="small" onClick={() => set({ days: value.days.map((d, i) => (i > 0 && i < 5 ? (value.days[0] ?? '') : d)) })}>
              {t('dp.h.copyWeekdays')}
            </Button>
            <Button size="small" onClick={() => set({ days: value.days.map(() => value.days[0] ?? '') })}>
              {t('dp.h.copyAll')}
            </Button>
          </Space>
          <div className="lx-hours-day">
            <label htmlFor={`${id}-hol`}>{t('dp.h.holidays')}</label>
            <Select
              id={`${id}-hol`}
              value={value.holidays}
              onChange={(v) => set({ holidays: v })}
              style={{ width: 160 }}
              options={(['weekly', 'sunday', 'closed'] as const).map((k) => ({ value: k, label: t(`dp.h.hol.${k}`) }))}
            />
          </div>
          {bad.size > 0 && (
            <Typography.Text type="danger" role="alert">
              {[...bad].map((i) => t(`hours.d${i + 1}` as PlacesKey)).join('、')}：{t('dp.h.bad')}
            </Typography.Text>
          )}
        </div>
      )}
      {value.kind === 'off_work' && (
        <div className="lx-hours-week">
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
            {t('dp.h.offHint')}
          </Typography.Paragraph>
          <Space wrap>
            <label htmlFor={`${id}-ws`}>{t('dp.h.workStart')}</label>
            <Input
              id={`${id}-ws`}
              value={value.workStart}
              onChange={(e) => set({ workStart: e.target.value })}
              style={{ width: 90 }}
              status={validTime(value.workStart) ? undefined : 'error'}
            />
            <label htmlFor={`${id}-we`}>{t('dp.h.workEnd')}</label>
            <Input
              id={`${id}-we`}
              value={value.workEnd}
              onChange={(e) => set({ workEnd: e.target.value })}
              style={{ width: 90 }}
              status={validTime(value.workEnd) ? undefined : 'error'}
            />
          </Space>
          {!(validTime(value.workStart) && validTime(value.workEnd)) && (
            <div>
              <Typography.Text type="danger" role="alert">
                {t('dp.h.badTime')}
              </Typography.Text>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
