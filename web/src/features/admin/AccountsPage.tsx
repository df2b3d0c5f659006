import { useI18n } from '../../i18n';
import { AccountsTab } from './AccountsTab';

/** 账号管理 for street and community staff: the accounts of their own subtree (no creation). */
export default function AccountsPage() {
  const { t } = useI18n();
  return (
    <div>
      <div className="lx-page-head">
        <h1>{t('desk.accounts')}</h1>
      </div>
      <AccountsTab canCreate={false} />
    </div>
  );
}
