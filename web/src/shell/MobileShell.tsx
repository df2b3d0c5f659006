import { type ReactNode, useEffect } from 'react';
import { Link, NavLink } from 'react-router';
import { useSession } from '../app/session';
import { Icon } from '../components/CategoryIcon';
import { NoticeBell } from '../features/notices/NoticeBell';
import { useI18n } from '../i18n';
import { OutboxBar } from './OutboxBar';
import { PrefsBar } from './PrefsBar';

interface Tab {
  to: string;
  label: string;
  icon: string;
  end?: boolean;
}

/** The frame of every phone page: red header with the two switches, content, bottom tabs. */
export function MobileShell({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const { user } = useSession();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  const tabs: Tab[] =
    user?.role === 'grid_worker'
      ? [
          { to: '/grid', label: t('grid.inbox'), icon: 'inbox', end: true },
          { to: '/grid/patrol', label: t('grid.patrol'), icon: 'camera' },
          { to: '/grid/proxy', label: t('grid.proxy'), icon: 'phone' },
          { to: '/grid/drives', label: t('desk.drives'), icon: 'heart' },
          { to: '/track', label: t('nav.track'), icon: 'search' },
        ]
      : user?.role === 'inspector'
        ? [
            { to: '/inspect', label: t('nav.inspect'), icon: 'file-text' },
            { to: '/rectify', label: t('nav.rectify'), icon: 'tool' },
            { to: '/grid/patrol', label: t('grid.patrol'), icon: 'camera' },
            { to: '/desk', label: t('nav.deskTab'), icon: 'inbox' },
          ]
        : [
            { to: '/', label: t('nav.home'), icon: 'home', end: true },
            { to: '/report', label: t('nav.report'), icon: 'plus' },
            { to: '/track', label: t('nav.track'), icon: 'search' },
            user ? { to: '/mine', label: t('nav.mine'), icon: 'file-text' } : { to: '/login', label: t('nav.login'), icon: 'idcard' },
          ];
  return (
    <>
      <a className="lx-skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="lx-top">
        <Link to={user?.role === 'grid_worker' ? '/grid' : '/'} className="lx-brand">
          <span className="lx-logo">
            <Icon name="heart" size={20} />
          </span>
          <span>{t('app.name')}</span>
          <small>{t('app.tagline')}</small>
        </Link>
        <NoticeBell to="/notices" />
        <PrefsBar compact />
      </header>
      <main id="main" className={`lx-main${wide ? ' is-wide' : ''}`} tabIndex={-1}>
        <OutboxBar />
        {children}
      </main>
      <nav className="lx-tabs" aria-label={t('app.name')}>
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end}>
            <Icon name={tab.icon} size={22} />
            <span>{tab.label}</span>
          </NavLink>
        ))}
      </nav>
    </>
  );
}
