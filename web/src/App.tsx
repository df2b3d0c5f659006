import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Role } from './api/types';
import { loadCategories, loadUnits } from './app/data';
import { DESK_ROLES, SessionProvider, useSession } from './app/session';
import { Loading } from './components/Feedback';
import { accountText } from './features/account/i18n';
import { LoginPage } from './features/account/LoginPage';
import { driveText } from './features/drives/i18n';
import { inspText } from './features/inspections/i18n';
import { noticesText } from './features/notices/i18n';
import { loadPlaceTypes } from './features/places/data';
import { placesText } from './features/places/i18n';
import { requestsDeskText } from './features/requests/desk/i18n';
import { requestsText } from './features/requests/i18n';
import { wishText } from './features/wishes/i18n';
import { loadPrefs, PrefsProvider } from './i18n';
import type { Bundle } from './i18n/bundle';
import { HomePage } from './shell/HomePage';
import { NotFoundPage } from './shell/NotFoundPage';

// Resident pages are small and loaded up front or split per page; the desk (Ant Design,
// ECharts) is a separate chunk that residents never download.
// A page's first API answers and its strings are asked for with its chunk, not after it (one round
// trip less on a phone).
const ReportPage = lazy(() => withData(import('./features/requests/report/ReportPage'), strings(requestsText), loadCategories, loadUnits));
const TrackPage = lazy(() => withData(import('./features/requests/track/TrackPage'), strings(requestsText)));
const MinePage = lazy(() => withData(import('./features/requests/track/MinePage'), strings(requestsText)));
const MyRequestPage = lazy(() => withData(import('./features/requests/track/MyRequestPage'), strings(requestsText)));
const PlacesPage = lazy(() => withData(import('./features/places/phone/PlacesPage'), strings(placesText), loadPlaceTypes, loadUnits));
const PlaceDetailPage = lazy(() => withData(import('./features/places/phone/PlaceDetailPage'), strings(placesText)));
const InboxPage = lazy(() => withData(import('./features/requests/grid/InboxPage'), strings(requestsText)));
const GridRequestPage = lazy(() => withData(import('./features/requests/grid/GridRequestPage'), strings(requestsText)));
const PatrolPage = lazy(() => withData(import('./features/requests/grid/PatrolPage'), strings(requestsText)));
const ProxyEntryPage = lazy(() => withData(import('./features/requests/grid/ProxyEntryPage'), strings(requestsText)));
const DeskApp = lazy(() => withData(import('./shell/DeskApp'), strings(requestsText), strings(requestsDeskText)));
const ChangePasswordPage = lazy(() => withData(import('./features/account/ChangePasswordPage'), strings(accountText)));
const NoticesPage = lazy(() => withData(import('./features/notices/NoticesPage'), strings(noticesText)));
const DeliverPage = lazy(() => withData(import('./features/drives/DeliverPage'), strings(driveText)));
const WishBoardPage = lazy(() => withData(import('./features/wishes/WishBoardPage'), strings(wishText)));
const WishEntryPage = lazy(() => withData(import('./features/wishes/WishEntryPage'), strings(wishText), loadUnits));
const MyClaimsPage = lazy(() => withData(import('./features/wishes/MyClaimsPage'), strings(wishText)));
const MyWishesPage = lazy(() => withData(import('./features/wishes/MyWishesPage'), strings(wishText)));

/** A page's strings (its feature's bundle, in the remembered language), fetched with its chunk. */
const strings = (bundle: Bundle<Record<string, string>>) => () => bundle.load(loadPrefs().lang);
// 创城督查: the inspector's phone and the units' rectification orders
const InspectRoundsPage = lazy(() => withData(import('./features/inspections/phone/RoundsPage'), strings(inspText)));
const InspectRoundPage = lazy(() => withData(import('./features/inspections/phone/RoundPage'), strings(inspText)));
const InspectPointPage = lazy(() => withData(import('./features/inspections/phone/PointPage'), strings(inspText)));
const OrdersInbox = lazy(() => withData(import('./features/inspections/orders/OrdersInbox'), strings(inspText)));
const OrderPage = lazy(() => withData(import('./features/inspections/orders/OrderPage'), strings(inspText)));
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
                <Route path="/wishes" element={<WishBoardPage />} />
                <Route path="/wishes/new" element={<WishEntryPage />} />
                <Route path="/wishes/claims" element={<RequireSignedIn>{<MyClaimsPage />}</RequireSignedIn>} />
                <Route path="/wishes/mine" element={<RequireSignedIn>{<MyWishesPage />}</RequireSignedIn>} />
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
                {['/grid/drives', '/grid/drives/:id'].map((path) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <RequireRole roles={['grid_worker', 'district_admin', 'street_staff', 'community_staff', 'department_staff']}>
                        <DeliverPage />
                      </RequireRole>
                    }
                  />
                ))}
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
