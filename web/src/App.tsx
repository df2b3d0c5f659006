import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Role } from './api/types';
import { loadCategories, loadUnits } from './app/data';
import { DESK_ROLES, SessionProvider, useSession } from './app/session';
import { Loading } from './components/Feedback';
import { loadPlaceTypes } from './features/places/data';
import { PrefsProvider } from './i18n';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

// Resident pages are small and loaded up front or split per page; the desk (Ant Design,
// ECharts) is a separate chunk that residents never download.
// A page's first API answers are asked for with its chunk, not after it (one round trip less on a phone).
const ReportPage = lazy(() => withData(import('./features/report/ReportPage'), loadCategories, loadUnits));
const TrackPage = lazy(() => import('./features/track/TrackPage'));
const MinePage = lazy(() => import('./features/track/MinePage'));
const MyRequestPage = lazy(() => import('./features/track/MyRequestPage'));
const PlacesPage = lazy(() => withData(import('./features/places/PlacesPage'), loadPlaceTypes, loadUnits));
const PlaceDetailPage = lazy(() => import('./features/places/PlaceDetailPage'));
const InboxPage = lazy(() => import('./features/grid/InboxPage'));
const GridRequestPage = lazy(() => import('./features/grid/GridRequestPage'));
const PatrolPage = lazy(() => import('./features/grid/PatrolPage'));
const ProxyEntryPage = lazy(() => import('./features/grid/ProxyEntryPage'));
const DeskApp = lazy(() => import('./features/desk/DeskApp'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const NoticesPage = lazy(() => import('./features/notices/NoticesPage'));
// 创城督查: the inspector's phone and the units' rectification orders
const InspectRoundsPage = lazy(() => import('./features/inspections/phone/RoundsPage'));
const InspectRoundPage = lazy(() => import('./features/inspections/phone/RoundPage'));
const InspectPointPage = lazy(() => import('./features/inspections/phone/PointPage'));
const OrdersInbox = lazy(() => import('./features/inspections/orders/OrdersInbox'));
const OrderPage = lazy(() => import('./features/inspections/orders/OrderPage'));
const INSPECT: Role[] = ['inspector', 'district_admin'];
const RECTIFY: Role[] = ['community_staff', 'department_staff', 'street_staff', 'inspector', 'district_admin'];

/** Starts the loaders (cached promises the page reads again) while its chunk downloads. */
function withData<M>(chunk: Promise<M>, ...loaders: (() => Promise<unknown>)[]): Promise<M> {
  for (const load of loaders) load().catch(() => undefined); // the page shows the error and retries
  return chunk;
}

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user, ready } = useSession();
  const loc = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  // After a reset the session may only change its password (the server refuses everything else).
  if (user.mustChangePassword) return <Navigate to={`/account/password?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (!roles.includes(user.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

/** After a reset, every page but 修改密码 and 登录 sends the user to 修改密码 (the server refuses the rest). */
function PasswordGate({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const loc = useLocation();
  if (user?.mustChangePassword && loc.pathname !== '/account/password' && loc.pathname !== '/login')
    return <Navigate to={`/account/password?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

function RequireSignedIn({ children }: { children: ReactNode }) {
  const { user, ready } = useSession();
  const loc = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <PrefsProvider>
      <SessionProvider>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
            <PasswordGate>
              <Routes>
                <Route path="/" element={<HomePage />} />
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/account/password"
                  element={
                    <RequireSignedIn>
                      <ChangePasswordPage />
                    </RequireSignedIn>
                  }
                />
                <Route path="/report" element={<ReportPage />} />
                <Route path="/track" element={<TrackPage />} />
                <Route path="/places" element={<PlacesPage />} />
                <Route path="/places/:id" element={<PlaceDetailPage />} />
                <Route
                  path="/notices"
                  element={
                    <RequireRole
                      roles={[
                        'resident',
                        'volunteer',
                        'grid_worker',
                        'community_staff',
                        'street_staff',
                        'department_staff',
                        'district_admin',
                        'inspector',
                      ]}
                    >
                      <NoticesPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/mine"
                  element={
                    <RequireRole roles={['resident', 'volunteer']}>
                      <MinePage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/mine/:id"
                  element={
                    <RequireRole roles={['resident', 'volunteer']}>
                      <MyRequestPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/grid"
                  element={
                    <RequireRole roles={['grid_worker', 'community_staff']}>
                      <InboxPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/grid/r/:id"
                  element={
                    <RequireRole roles={['grid_worker', 'community_staff']}>
                      <GridRequestPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/grid/patrol"
                  element={
                    <RequireRole roles={['grid_worker', 'community_staff', 'inspector']}>
                      <PatrolPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/grid/proxy"
                  element={
                    <RequireRole roles={['grid_worker', ...DESK_ROLES]}>
                      <ProxyEntryPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/desk/*"
                  element={
                    <RequireRole roles={DESK_ROLES}>
                      <DeskApp />
                    </RequireRole>
                  }
                />
                <Route
                  path="/inspect"
                  element={
                    <RequireRole roles={INSPECT}>
                      <InspectRoundsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/inspect/:id"
                  element={
                    <RequireRole roles={INSPECT}>
                      <InspectRoundPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/inspect/:id/p/:pointId"
                  element={
                    <RequireRole roles={INSPECT}>
                      <InspectPointPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="/rectify"
                  element={
                    <RequireRole roles={RECTIFY}>
                      <OrdersInbox />
                    </RequireRole>
                  }
                />
                <Route
                  path="/rectify/:id"
                  element={
                    <RequireRole roles={RECTIFY}>
                      <OrderPage />
                    </RequireRole>
                  }
                />
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </PasswordGate>
          </Suspense>
        </BrowserRouter>
      </SessionProvider>
    </PrefsProvider>
  );
}
