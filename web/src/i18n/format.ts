import type { Lang, T } from './index';

/** Dates and times are shown in China time whatever the browser's zone: deadlines are Beijing time. */
const ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = locale + JSON.stringify(opts);
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: ZONE, ...opts });
    cache.set(k, f);
  }
  return f;
}

export const localeOf = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'zh-CN');

/** 2026/12/01 22:36 in Chinese; 1 Dec 2026 22:36 in English (China time in both). */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  if (lang === 'en') {
    const parts = fmt('en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).formatToParts(new Date(iso));
    const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
    return `${p('day')} ${p('month')} ${p('year')} ${p('hour')}:${p('minute')}`;
  }
  return fmt(localeOf(lang), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return fmt(localeOf(lang), { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

export function formatShort(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return fmt(localeOf(lang), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function formatNumber(n: number | null | undefined, lang: Lang, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function formatPercent(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined) return '—';
  return `${formatNumber(n, lang, 1)}%`;
}

/** 2 天 3 小时 / 2 d 3 h: the two largest units, enough to act on. */
export function formatDuration(ms: number, t: T): string {
  const mins = Math.max(0, Math.round(Math.abs(ms) / 60000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const parts: string[] = [];
  if (d) parts.push(t('time.days', { n: d }));
  if (h && parts.length < 2) parts.push(t('time.hours', { n: h }));
  if (!d && h < 10 && (m || !parts.length)) parts.push(t('time.minutes', { n: m }));
  return parts.join(t('time.join'));
}

/** "剩 3 小时" or "超时 2 天" relative to now. */
export function timeLeft(deadline: string | null, t: T, now = Date.now()): { text: string; overdue: boolean; ms: number } | null {
  if (!deadline) return null;
  const ms = new Date(deadline).getTime() - now;
  const d = formatDuration(ms, t);
  return ms < 0 ? { text: t('time.over', { d }), overdue: true, ms } : { text: t('time.left', { d }), overdue: false, ms };
}

export function currentMonth(now = new Date()): string {
  const parts = fmt('en-CA', { year: 'numeric', month: '2-digit' }).formatToParts(now);
  const y = parts.find((p) => p.type === 'year')?.value;
  const m = parts.find((p) => p.type === 'month')?.value;
  return `${y}-${m}`;
}
