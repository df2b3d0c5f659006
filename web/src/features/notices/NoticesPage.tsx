import { useBundle } from '../../i18n/bundle';
import { MobileShell } from '../../shell/MobileShell';
import { noticesText } from './i18n';
import { NoticeList } from './NoticeList';

/** The phone's inbox (residents, volunteers, grid workers). */
export default function NoticesPage() {
  const t = useBundle(noticesText);
  return (
    <MobileShell title={t('notices.title')}>
      <NoticeList />
    </MobileShell>
  );
}
