import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Typography, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useSession } from '../app/session';
import { Icon } from '../components/CategoryIcon';
import { Loading } from '../components/Feedback';
import { NoticeBell } from '../features/notices/NoticeBell';
import { NoticeList } from '../features/notices/NoticeList';
import Board from '../features/requests/desk/Board';
import DeskProxyPage from '../features/requests/desk/DeskProxyPage';
import RequestDetailPage from '../features/requests/desk/RequestDetailPage';
import { WishMenuLabel } from '../features/wishes/WishTile';
import { useI18n } from '../i18n';
import { PrefsBar } from './PrefsBar';
import './desk.css';

const Dashboard = lazy(() => import('../features/dashboard/Dashboard'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));
const PlacesDesk = lazy(() => import('../features/places/desk/PlacesDesk'));
const AccountsPage = lazy(() => import('../features/admin/AccountsPage'));
const InspectionsDesk = lazy(() => import('../features/inspections/desk/InspectionsDesk'));
const WishDesk = lazy(() => import('../features/wishes/WishDesk'));
/** Who checks and confirms wishes on the desk (the server's wishes routes). */
const WISH_ROLES = ['district_admin', 'street_staff', 'community_staff'];
const DrivesDesk = lazy(() => import('../features/drives/DrivesDesk'));

/** Who manages places (the server's places routes: the desk without inspectors). */
const PLACE_ROLES = ['district_admin', 'street_staff', 'community_staff', 'department_staff'];

/** The console of the command centre, streets, communities and departments (Ant Design). */
export default function DeskApp() {
  const { t, lang, elder } = useI18n();
  const { user, logout } = useSession();
  const loc = useLocation();
  const nav = useNavigate();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  const isAdmin = user?.role === 'district_admin';
  const managesPlaces = !!user && PLACE_ROLES.includes(user.role);
  /** Street and community staff manage the accounts of their subtree (the command centre: 系统管理 → 账号). */
  const managesAccounts = user?.role === 'street_staff' || user?.role === 'community_staff';
  const selected = loc.pathname.startsWith('/desk/dashboard')
    ? 'dashboard'
    : loc.pathname.startsWith('/desk/admin')
      ? 'admin'
      : loc.pathname.startsWith('/desk/proxy')
        ? 'proxy'
        : loc.pathname.startsWith('/desk/places')
          ? 'places'
          : loc.pathname.startsWith('/desk/accounts')
            ? 'accounts'
            : loc.pathname.startsWith('/desk/inspections')
              ? 'inspections'
              : loc.pathname.startsWith('/desk/wishes')
                ? 'wishes'
                : loc.pathname.startsWith('/desk/drives')
                  ? 'drives'
                  : 'board';
  const items = [
    { key: 'board', label: <Link to="/desk">{t('desk.board')}</Link>, icon: <Icon name="inbox" size={18} /> },
    { key: 'dashboard', label: <Link to="/desk/dashboard">{t('desk.dashboard')}</Link>, icon: <Icon name="bulb" size={18} /> },
    { key: 'proxy', label: <Link to="/desk/proxy">{t('desk.proxy')}</Link>, icon: <Icon name="phone" size={18} /> },
    ...(managesPlaces
      ? [{ key: 'places', label: <Link to="/desk/places">{t('desk.places')}</Link>, icon: <Icon name="map" size={18} /> }]
      : []),
    ...(managesAccounts
      ? [{ key: 'accounts', label: <Link to="/desk/accounts">{t('desk.accounts')}</Link>, icon: <Icon name="idcard" size={18} /> }]
      : []),
    { key: 'inspections', label: <Link to="/desk/inspections">{t('desk.inspections')}</Link>, icon: <Icon name="file-text" size={18} /> },
    ...(user && WISH_ROLES.includes(user.role) ? [{ key: 'wishes', label: <WishMenuLabel />, icon: <Icon name="heart" size={18} /> }] : []),
    ...(managesPlaces
      ? [{ key: 'drives', label: <Link to="/desk/drives">{t('desk.drives')}</Link>, icon: <Icon name="heart" size={18} /> }]
      : []),
    ...(isAdmin ? [{ key: 'admin', label: <Link to="/desk/admin">{t('desk.admin')}</Link>, icon: <Icon name="tool" size={18} /> }] : []),
  ];
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: elder ? '#a8001c' : '#c8102e',
          colorLink: '#1d4ed8',
          colorError: '#b3261e',
          colorWarning: '#a15c00',
          colorSuccess: '#1e7b34',
          fontSize: elder ? 18 : 14,
          colorTextSecondary: elder ? '#1f1f1f' : '#4e5969',
          colorTextDescription: elder ? '#1f1f1f' : '#4e5969',
          colorTextPlaceholder: '#6b7280',
          colorTextTertiary: elder ? '#1f1f1f' : '#4e5969',
          colorTextQuaternary: '#5c6370',
          borderRadius: 8,
          fontFamily: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif',
        },
      }}
    >
      <AntApp>
        <a className="lx-skip" href="#desk-main">
          {t('app.skip')}
        </a>
        <Layout className="lx-desk" style={{ minHeight: '100vh' }}>
          <Layout.Header className="lx-desk-header">
            <Link to="/desk" className="lx-brand">
              <span className="lx-logo">
                <Icon name="heart" size={20} />
              </span>
              <span>{t('app.name')}</span>
              <small>{t('desk.title')}</small>
            </Link>
            <Space size="middle" wrap>
              <Typography.Text className="lx-desk-user" style={{ color: '#fff' }}>
                {user?.name} · {user?.roleName}
              </Typography.Text>
              <NoticeBell to="/desk/notices" />
              <PrefsBar />
              <Link to="/account/password" className="lx-desk-link">
                {t('password.title')}
              </Link>
              <Button
                size="small"
                ghost
                onClick={() => {
                  void logout().then(() => nav('/login'));
                }}
              >
                {t('nav.logout')}
              </Button>
            </Space>
          </Layout.Header>
          <Layout>
            <Layout.Sider width={200} breakpoint="lg" collapsedWidth={0} theme="light" className="lx-desk-sider">
              <nav aria-label={t('desk.title')}>
                <Menu mode="inline" selectedKeys={[selected]} items={items} style={{ borderInlineEnd: 0 }} />
              </nav>
            </Layout.Sider>
            <Layout.Content id="desk-main" className="lx-desk-content" tabIndex={-1}>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route index element={<Board />} />
                  <Route path="r/:id" element={<RequestDetailPage />} />
                  <Route path="dashboard" element={<Dashboard />} />
                  <Route path="proxy" element={<DeskProxyPage />} />
                  <Route path="notices" element={<NoticeList />} />
                  {isAdmin && <Route path="admin/*" element={<AdminPage />} />}
                  {managesPlaces && <Route path="places/*" element={<PlacesDesk />} />}
                  {managesAccounts && <Route path="accounts" element={<AccountsPage />} />}
                  <Route path="inspections/*" element={<InspectionsDesk />} />
                  {user && WISH_ROLES.includes(user.role) && <Route path="wishes" element={<WishDesk />} />}
                  {managesPlaces && <Route path="drives/*" element={<DrivesDesk />} />}
                  <Route path="*" element={<Board />} />
                </Routes>
              </Suspense>
            </Layout.Content>
          </Layout>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
