import type { Lang } from '../../i18n';
import { formatPercent } from '../../i18n/format';

/** A rate the server gives as a share (0..1) — 得分率, 结案率 — as a percentage ("83.3%"). */
export const rateText = (rate: number | null | undefined, lang: Lang): string =>
  formatPercent(rate === null || rate === undefined ? null : rate * 100, lang);
