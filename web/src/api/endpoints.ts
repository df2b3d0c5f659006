import type { z } from 'zod';
import type { actionBody } from '../../../server/src/modules/requests/requests.schema';
import { api, qs } from './client';
import type {
  Account,
  AccountFilter,
  ApiKey,
  CalendarDay,
  CalendarYear,
  CalendarYearStatus,
  Category,
  CheckinStats,
  CreatedRequest,
  ImportReport,
  Job,
  NewRequest,
  Notice,
  Page,
  PhoneView,
  Place,
  PlaceDetail,
  PlaceFilters,
  PlaceInput,
  PlaceProblem,
  PlaceReportCreated,
  PlaceType,
  Ranking,
  Rating,
  RequestDetail,
  RequestFilters,
  RequestPoint,
  ServiceRequest,
  TrackedRequest,
  TrendPoint,
  Unit,
  UnitKind,
  User,
  Weights,
} from './types';

/** The body of POST /api/requests/:id/actions, one shape per action: the server's own schema. */
export type ActionInput = z.input<typeof actionBody>;

/** Number + phone (or code), sent once in a POST body; the answer's access token stands for it afterwards. */
export interface TrackProof {
  number: string;
  phone?: string;
  code?: string;
}

export type TrackCredential = TrackProof | { access: string };

/** Typed calls of the server API, grouped by resource. */
export const auth = {
  login: (username: string, password: string) => api.post<{ token: string; user: User }>('/api/auth/login', { username, password }),
  /** `user: null` when no one is signed in (an answer, not an error). */
  me: () => api.get<{ user: User | null }>('/api/auth/me'),
  logout: () => api.post<void>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => api.post<void>('/api/auth/password', { currentPassword, newPassword }),
};

export type AccountAction = 'disable' | 'enable' | 'unlock' | 'end-sessions';

/** Accounts in my scope and their lifecycle (command centre, street and community staff). */
export const accounts = {
  list: (f: AccountFilter) => api.get<{ items: Account[] }>('/api/users', { ...f }).then((r) => r.items),
  act: (id: string, action: AccountAction) => api.post<unknown>(`/api/users/${id}/${action}`),
  resetPassword: (id: string) => api.post<{ temporaryPassword: string }>(`/api/users/${id}/reset-password`),
  move: (id: string, unitId: string) => api.post<{ sessionsEnded: number }>(`/api/users/${id}/move`, { unitId }),
};

export const catalog = {
  categories: (all = false) => api.get<{ items: Category[] }>('/api/categories', all ? { all: 1 } : undefined).then((r) => r.items),
  saveCategory: (code: string, body: Partial<Category>) => api.put<Category>(`/api/categories/${encodeURIComponent(code)}`, body),
  units: (kind?: UnitKind) => api.get<{ items: Unit[] }>('/api/units', kind ? { kind } : undefined).then((r) => r.items),
  addUnit: (body: {
    id: string;
    parentId: string;
    kind: 'grid' | 'department' | 'cobuild';
    name: string;
    location?: { lat: number; lng: number };
  }) => api.post<Unit>('/api/units', body),
  outline: () => api.get<GeoJSON.FeatureCollection>('/api/geo/outline'),
};

export const uploads = {
  add: (file: Blob, name: string) => {
    const fd = new FormData();
    fd.append('file', file, name);
    return api.post<{ id: string }>('/api/uploads', fd);
  },
  /** `access`: the short-lived token of a tracked request (never the number or phone). */
  url: (id: string, access?: string) => `/api/uploads/${encodeURIComponent(id)}${access ? qs({ access }) : ''}`,
};

export const requests = {
  create: (body: NewRequest, idempotencyKey: string) =>
    api.post<CreatedRequest>('/api/requests', body, { 'Idempotency-Key': idempotencyKey }),
  list: (f: RequestFilters) => api.get<Page<ServiceRequest>>('/api/requests', { ...f }),
  get: (id: string) => api.get<RequestDetail>(`/api/requests/${encodeURIComponent(id)}`),
  act: (id: string, input: ActionInput) =>
    api.post<RequestDetail | ServiceRequest>(`/api/requests/${encodeURIComponent(id)}/actions`, input),
  contact: (id: string) => api.get<{ name?: string | null; phone: string | null }>(`/api/requests/${encodeURIComponent(id)}/contact`),
  phoneViews: (id: string) => api.get<{ items: PhoneView[] }>(`/api/requests/${encodeURIComponent(id)}/phone-views`).then((r) => r.items),
  /** The printable 工单 card (phone masked, QR code with a signed link). */
  cardUrl: (id: string, format: 'pdf' | 'docx') => `/api/requests/${encodeURIComponent(id)}/card.${format}`,
  exportUrl: (f: RequestFilters, format: 'xlsx' | 'csv') => {
    const { page: _p, pageSize: _s, ...rest } = f;
    return `/api/requests/export${qs({ ...rest, format })}`;
  },
  points: (f: RequestFilters) => {
    const { page: _p, pageSize: _s, ...rest } = f;
    return api.get<{ items: RequestPoint[] }>('/api/requests/points', { ...rest }).then((r) => r.items);
  },
};

export const track = {
  get: (p: TrackCredential) => api.post<TrackedRequest>('/api/track', p),
  act: (p: TrackCredential, body: { action: 'rate' | 'reopen'; rating?: Rating; resolved?: boolean; comment?: string; reason?: string }) =>
    api.post<TrackedRequest>('/api/track/actions', { ...p, ...body }),
  /** Texts about this request to the reporter's mobile, off or on again. */
  setSms: (p: TrackCredential, muted: boolean) => api.post<TrackedRequest>('/api/notices/sms-preferences', { ...p, muted }),
};

export const measures = {
  ranking: (month: string, level: 'street' | 'community') => api.get<Ranking>('/api/measures/ranking', { month, level }),
  trend: (unitId: string | undefined, months: number) =>
    api.get<{ items: TrendPoint[] }>('/api/measures/trend', { unitId, months }).then((r) => r.items),
  exportUrl: (month: string, level: 'street' | 'community', format: 'xlsx' | 'csv') =>
    `/api/measures/export${qs({ month, level, format })}`,
  weights: () => api.get<Weights>('/api/measures/weights'),
  setWeights: (w: Weights) => api.put<Weights>('/api/measures/weights', w),
};

export const admin = {
  calendar: (year: number) => api.get<CalendarYear>(`/api/calendar/${year}`),
  confirmYear: (year: number, source: string) => api.put<CalendarYearStatus>(`/api/calendar/${year}/confirmation`, { source }),
  setDay: (date: string, kind: 'holiday' | 'workday', name: string) => api.put<CalendarDay>(`/api/calendar/days/${date}`, { kind, name }),
  removeDay: (date: string) => api.del<void>(`/api/calendar/days/${date}`),
  addUser: (body: { username: string; displayName: string; password: string; role: string; unitId: string | null; phone: string | null }) =>
    api.post<Account>('/api/users', body),
  roles: () => api.get<{ items: { code: string; name: string; staff: boolean }[] }>('/api/roles').then((r) => r.items),
  apiKeys: () => api.get<{ items: ApiKey[] }>('/api/apikeys').then((r) => r.items),
  addApiKey: (name: string) => api.post<ApiKey>('/api/apikeys', { name }),
  revokeApiKey: (id: string) => api.del<void>(`/api/apikeys/${id}`),
  jobs: (status?: Job['status']) => api.get<{ items: Job[]; counts: Record<string, number> }>('/api/jobs', status ? { status } : {}),
  retryJob: (id: string) => api.post<Job>(`/api/jobs/${encodeURIComponent(id)}/retry`, {}),
};

const placePath = (id: string) => `/api/places/${encodeURIComponent(id)}`;

/** 便民地图: public finding and use, and the desk's management (see server/src/modules/places). */
export const places = {
  types: () => api.get<{ items: PlaceType[] }>('/api/place-types').then((r) => r.items),
  list: (f: PlaceFilters) => api.get<{ items: Place[]; total: number }>('/api/places', { ...f }),
  manage: (f: PlaceFilters) => api.get<{ items: Place[]; total: number }>('/api/places/manage', { ...f }),
  nearest: (q: { lat: number; lng: number; type?: string; openNow?: boolean; limit?: number }) =>
    api
      .get<{ items: Place[] }>('/api/places/nearest', {
        lat: q.lat,
        lng: q.lng,
        type: q.type,
        openNow: q.openNow ? 1 : undefined,
        limit: q.limit,
      })
      .then((r) => r.items),
  get: (id: string) => api.get<PlaceDetail>(placePath(id)),
  create: (body: PlaceInput) => api.post<Place>('/api/places', body),
  update: (id: string, body: PlaceInput) => api.put<Place>(placePath(id), body),
  checkin: (id: string, group: string, people = 1) => api.post<{ ok: true }>(`${placePath(id)}/checkins`, { group, people }),
  addEvent: (id: string, body: { title: string; description?: string; organiser?: string; startsAt: string; endsAt?: string }) =>
    api.post<{ id: string }>(`${placePath(id)}/events`, body),
  report: (id: string, body: { problem: PlaceProblem; description: string; reporterPhone?: string; anonymous: boolean }) =>
    api.post<PlaceReportCreated>(`${placePath(id)}/reports`, body),
  stats: (month: string) => api.get<CheckinStats>('/api/places/checkins/stats', { month }),
  /** Dry run (nothing written) or the real import; a real import with bad rows answers 400 with the same report. */
  import: (file: File, dryRun: boolean) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    return api.postAccepting<ImportReport>(
      '/api/places/import',
      fd,
      { dryRun: dryRun ? 1 : 0 },
      (status, data) => status === 400 && !!data && typeof data === 'object' && 'rows' in data && 'errors' in data,
    );
  },
  exportUrl: (format: 'xlsx' | 'geojson', type?: string) => `/api/places/export${qs({ format, type })}`,
};

/** The caller's inbox (server: modules/notices). */
export const notices = {
  list: (lang: string, page = 1) => api.get<{ items: Notice[]; unread: number }>('/api/notices', { lang, page: String(page) }),
  unread: () => api.get<{ unread: number }>('/api/notices/unread').then((r) => r.unread),
  read: (id: string) => api.post<{ unread: number }>(`/api/notices/${encodeURIComponent(id)}/read`, {}),
  readAll: () => api.post<{ unread: number }>('/api/notices/read-all', {}),
  preferences: () => api.get<{ muted: boolean }>('/api/notices/preferences'),
  setMuted: (muted: boolean) => api.put<{ muted: boolean }>('/api/notices/preferences', { muted }),
};
