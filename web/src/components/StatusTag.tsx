import type { Status } from '../api/types';
import { useI18n } from '../i18n';

export function StatusTag({ status }: { status: Status }) {
  const { t } = useI18n();
  return <span className={`lx-status is-${status}`}>{t(`status.${status}`)}</span>;
}
