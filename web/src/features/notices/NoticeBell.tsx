import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { notices } from '../../api/endpoints';
import { useSession } from '../../app/session';
import { Icon } from '../../components/CategoryIcon';
import { useI18n } from '../../i18n';

/** How often the bell asks for the unread count while a page is open. */
const POLL_MS = 60_000;

/** The bell in the header: the signed-in user's unread notices, a link to the inbox. */
export function NoticeBell({ to, light = true }: { to: string; light?: boolean }) {
  const { t } = useI18n(); // the bell's words are the shell's: no bundle to wait for in the header
  const { user } = useSession();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!user || user.mustChangePassword) return; // the server refuses everything but 修改密码 until then
    let live = true;
    const load = () =>
      notices
        .unread()
        .then((n) => live && setUnread(n))
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    window.addEventListener('lx-notices-read', load);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('lx-notices-read', load);
    };
  }, [user]);
  if (!user || user.mustChangePassword) return null;
  const label = unread ? t('notices.bellUnread', { n: unread }) : t('notices.bell');
  return (
    <Link to={to} className={`lx-bell${light ? ' is-light' : ''}`} aria-label={label} title={label}>
      <Icon name="bell" size={20} />
      {unread > 0 && <span className="lx-bell-count">{unread > 99 ? '99+' : unread}</span>}
    </Link>
  );
}
