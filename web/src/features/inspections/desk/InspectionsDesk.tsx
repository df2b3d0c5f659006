import { Tabs } from 'antd';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../../app/session';
import { useBundle } from '../../../i18n/bundle';
import { inspText } from '../i18n';
import { ChecklistsTab } from './ChecklistsTab';
import { OrdersTab } from './OrdersTab';
import { PointsTab } from './PointsTab';
import { RoundDesk } from './RoundDesk';
import { RoundsTab } from './RoundsTab';
import '../inspections.css';

const TABS = ['rounds', 'orders', 'checklists', 'points'] as const;
type Tab = (typeof TABS)[number];

/** 创城督查 on the desk: rounds (scores, ranking, 督查通报), rectification orders, checklists, points. */
export default function InspectionsDesk() {
  const ti = useBundle(inspText);
  const { user } = useSession();
  const nav = useNavigate();
  const loc = useLocation();
  const seg = loc.pathname.replace(/^\/desk\/inspections\/?/, '').split('/')[0] ?? '';
  const tab: Tab = (TABS as readonly string[]).includes(seg) ? (seg as Tab) : 'rounds';
  const inspects = user?.role === 'inspector' || user?.role === 'district_admin';
  return (
    <div>
      <div className="lx-page-head">
        <h1>
          {ti('insp.desk.title')} · {ti(`insp.desk.tab.${tab}`)}
        </h1>
        {inspects && <Link to="/inspect">{ti('insp.desk.phone')}</Link>}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => nav(k === 'rounds' ? '/desk/inspections' : `/desk/inspections/${k}`)}
        items={TABS.map((k) => ({ key: k, label: ti(`insp.desk.tab.${k}`) }))}
      />
      <Routes>
        <Route index element={<RoundsTab />} />
        <Route path="rounds" element={<RoundsTab />} />
        <Route path="rounds/:id" element={<RoundDesk />} />
        <Route path="orders" element={<OrdersTab />} />
        <Route path="checklists" element={<ChecklistsTab />} />
        <Route path="points" element={<PointsTab />} />
      </Routes>
    </div>
  );
}
