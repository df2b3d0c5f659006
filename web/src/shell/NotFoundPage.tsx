import { Link } from 'react-router';
import { Empty } from '../components/Feedback';
import { useI18n } from '../i18n';
import { MobileShell } from './MobileShell';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <MobileShell title={t('common.notFound')}>
      <h1 className="sr-only">{t('common.notFound')}</h1>
      <Empty title={t('common.notFound')} hint={t('common.notFoundHint')} icon="question">
        <Link className="lx-btn is-primary" to="/">
          {t('nav.home')}
        </Link>
      </Empty>
    </MobileShell>
  );
}
