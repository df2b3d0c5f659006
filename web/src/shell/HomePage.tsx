import { Link } from 'react-router';
import { recentReports } from '../app/recent';
import { homeOf, useSession } from '../app/session';
import { Icon } from '../components/CategoryIcon';
import { WishTile } from '../features/wishes/WishTile';
import { useI18n } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { MobileShell } from './MobileShell';

export function HomePage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const recent = recentReports();
  return (
    <MobileShell title={t('nav.home')}>
      <section className="lx-hero" aria-labelledby="hello">
        <h1 id="hello">{t('home.hello')}</h1>
        <p>{t('home.intro')}</p>
      </section>
      <nav className="lx-tiles" aria-label={t('nav.report')}>
        <Link className="lx-tile" to="/report" data-testid="home-report">
          <Icon name="environment" size={32} />
          <strong>{t('home.report')}</strong>
          <span>{t('home.reportHint')}</span>
        </Link>
        <Link className="lx-tile" to="/report?kind=help">
          <Icon name="heart" size={32} />
          <strong>{t('home.help')}</strong>
          <span>{t('home.helpHint')}</span>
        </Link>
        <Link className="lx-tile" to="/report?kind=suggestion">
          <Icon name="bulb" size={32} />
          <strong>{t('home.suggest')}</strong>
          <span>{t('home.suggestHint')}</span>
        </Link>
        <Link className="lx-tile" to="/track">
          <Icon name="search" size={32} />
          <strong>{t('home.track')}</strong>
          <span>{t('home.trackHint')}</span>
        </Link>
        <WishTile />
        <Link className="lx-tile is-wide" to="/places" data-testid="home-places">
          <Icon name="map" size={32} />
          <span className="lx-tile-text">
            <strong>{t('home.places')}</strong>
            <span>{t('home.placesHint')}</span>
          </span>
        </Link>
      </nav>
      {recent.length > 0 && (
        <section className="lx-card" aria-labelledby="recent">
          <h2 id="recent">{t('home.recent')}</h2>
          <p className="lx-muted">{t('home.recentHint')}</p>
          <ul className="lx-list">
            {recent.slice(0, 5).map((r) => (
              <li key={r.number}>
                <Link className="lx-item" to={`/track?number=${encodeURIComponent(r.number)}`}>
                  <div className="lx-item-top">
                    <span>{r.number}</span>
                    <time dateTime={r.at}>{formatDateTime(r.at, lang)}</time>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="lx-muted">{t('home.hotline')}</p>
      <p>
        {user ? (
          <Link to={homeOf(user)}>
            {user.name} · {user.roleName}
          </Link>
        ) : (
          <Link to="/login">{t('home.staff')}</Link>
        )}
      </p>
    </MobileShell>
  );
}
