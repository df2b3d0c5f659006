import { Spin, Tabs, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useUnits } from '../../../app/data';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { usePlaceTypes } from '../data';
import ImportTab from './ImportTab';
import { placesDeskText } from './i18n';
import { PlacesList } from './PlacesList';

// The charts (ECharts) load only when the statistics tab is opened.
const StatsTab = lazy(() => import('./StatsTab'));

const TABS = ['list', 'stats', 'import'] as const;
type Tab = (typeof TABS)[number];

/** 便民地图 on the desk: the places I manage, station use statistics, import and export. */
export default function PlacesDesk() {
  const { lang } = useI18n();
  const t = useBundle(placesDeskText);
  const params = useParams();
  const nav = useNavigate();
  const tab: Tab = (TABS as readonly string[]).includes(params['*'] ?? '') ? (params['*'] as Tab) : 'list';
  const types = usePlaceTypes();
  const units = useUnits();
  const ready = types.data && units.data;
  const label: Record<Tab, string> = { list: t('dp.list'), stats: t('dp.stats'), import: t('dp.import') };

  const body = (k: Tab) => {
    if (k !== tab) return null;
    if (!ready) return <Spin style={{ display: 'block', margin: '60px auto' }} />;
    if (k === 'list') return <PlacesList types={types.data ?? []} units={units.data ?? []} />;
    if (k === 'stats')
      return (
        <Suspense fallback={<Spin style={{ display: 'block', margin: '60px auto' }} />}>
          <StatsTab />
        </Suspense>
      );
    return <ImportTab />;
  };

  return (
    <div>
      <div className="lx-page-head">
        <h1>
          {t('desk.places')} · {label[tab]}
        </h1>
      </div>
      {(types.error || units.error) && (
        <Typography.Paragraph type="danger">{(types.error ?? units.error)?.text(lang)}</Typography.Paragraph>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => nav(k === 'list' ? '/desk/places' : `/desk/places/${k}`)}
        items={TABS.map((k) => ({ key: k, label: label[k], children: body(k) }))}
      />
    </div>
  );
}
