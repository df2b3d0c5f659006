import { useI18n } from '../../i18n';
import { MobileShell } from '../../shell/MobileShell';
import { NoticeList } from './NoticeList';

/** The phone's inbox (residents, volunteers, grid workers). */
export default function NoticesPage() {
  const { t } = useI18n();
  return (
    <MobileShell title={t('notices.title')}>
      <NoticeList />
    </MobileShell>
  );
}
