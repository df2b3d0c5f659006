import { Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useBundle } from '../../i18n/bundle';
import { AccountsTab } from './AccountsTab';
import { ApiKeysTab } from './ApiKeysTab';
import { CalendarTab } from './CalendarTab';
import { CategoriesTab } from './CategoriesTab';
import { adminText } from './i18n';
import { JobsTab } from './JobsTab';
import { UnitsTab } from './UnitsTab';
import { WeightsTab } from './WeightsTab';

const TABS = ['categories', 'calendar', 'units', 'accounts', 'apikeys', 'weights', 'jobs'] as const;

/** The command centre's settings: categories and limits, calendar, units, accounts, keys, weights, background jobs. */
export default function AdminPage() {
  const t = useBundle(adminText);
  const params = useParams();
  const nav = useNavigate();
  const tab = (TABS as readonly string[]).includes(params['*'] ?? '') ? (params['*'] as (typeof TABS)[number]) : 'categories';
  const body = {
    categories: <CategoriesTab />,
    calendar: <CalendarTab />,
    units: <UnitsTab />,
    accounts: <AccountsTab />,
    apikeys: <ApiKeysTab />,
    weights: <WeightsTab />,
    jobs: <JobsTab />,
  };
  return (
    <div>
      <div className="lx-page-head">
        <h1>{t('desk.admin')}</h1>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => nav(`/desk/admin/${k}`)}
        items={TABS.map((k) => ({ key: k, label: t(`admin.${k}`), children: k === tab ? body[k] : null }))}
      />
    </div>
  );
}
