/** Shapes of the server's JSON (see GET /api/openapi.json); kept by hand, small on purpose. */

export type Role =
  | 'resident'
  | 'grid_worker'
  | 'community_staff'
  | 'street_staff'
  | 'department_staff'
  | 'district_admin'
  | 'volunteer'
  | 'inspector';

export interface UnitRef {
  id: string;
  kind: UnitKind;
  name: string;
  path: string;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
}

export interface User {
  id: string;
  name: string;
  role: Role;
  roleName: string;
  unit: UnitRef | null;
  /** After a reset: the session may only change its password (ChangePasswordPage). */
  mustChangePassword?: boolean;
}

export type UnitKind = 'district' | 'street' | 'community' | 'grid' | 'department' | 'cobuild';

export interface LatLng {
  lat: number;
  lng: number;
}

export interface Unit {
  id: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  path: string;
  streetCode: string | null;
  communityCode: string | null;
  location: LatLng | null;
  demo: boolean;
}

export type Urgency = 'urgent' | 'normal' | 'complex';
export type Kind = 'problem' | 'help' | 'suggestion' | 'wish' | 'finding';
export type Channel = 'web' | 'proxy' | 'patrol' | 'liaison' | 'open311';

export type Limit = { hours: number } | { workdays: number };
export interface Sla {
  sign: Limit;
  contact: Limit;
  resolve: Limit;
}

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  kinds: Kind[];
  icon: string;
  handler: 'grid' | 'department';
  departmentId: string | null;
  sla: Record<Urgency, Sla>;
  sort: number;
  active: boolean;
  /** GeoReport v2 service attributes: extra questions asked at intake. */
  attributes: AttributeDef[];
}

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeDef {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  description: string;
  descriptionEn?: string;
  values?: { key: string; name: string; nameEn?: string }[];
}

export type AttributeAnswers = Record<string, string | string[]>;

export type Status = 'accepted' | 'dispatched' | 'signed' | 'in_progress' | 'resolved' | 'rated' | 'closed' | 'rejected' | 'merged';

export type Action =
  | 'dispatch'
  | 'sign'
  | 'contact'
  | 'resolve'
  | 'rate'
  | 'close'
  | 'return'
  | 'request_extension'
  | 'approve_extension'
  | 'deny_extension'
  | 'supervise'
  | 'reopen'
  | 'reject'
  | 'merge'
  | 'comment';

export type Rating = 'satisfied' | 'basic' | 'unsatisfied';

export interface Named {
  zh: string;
  en: string;
}

export interface ServiceRequest {
  id: string;
  number: string;
  kind: Kind;
  categoryCode: string;
  urgency: Urgency;
  title: string;
  description: string;
  channel: Channel;
  status: Status;
  statusName: Named;
  version: number;
  location: LatLng | null;
  address: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  handlerUnitId: string | null;
  anonymous: boolean;
  reporter: { name: string | null; phone: string | null; phoneMasked: boolean };
  createdAt: string;
  updatedAt: string;
  deadlines: { sign: string | null; contact: string | null; resolve: string | null };
  overdue: boolean;
  supervised: boolean;
  extensionPending: boolean;
  reopenCount: number;
  reply: string | null;
  rating: { rating: Rating; resolved: boolean; comment: string | null; at: string | null } | null;
  mergedIntoId: string | null;
  /** 公开位置: the reporter let public feeds show the exact point. */
  publicLocation: boolean;
  attributes: AttributeAnswers | null;
  times: { dispatched: string | null; signed: string | null; contacted: string | null; resolved: string | null; closed: string | null };
}

export interface TimelineEvent {
  id: number;
  at: string;
  action: Action | 'create';
  actionName: Named;
  /** `kind` names the actor in any language; `name` is the stored label or the person's name. */
  actor: { id: string | null; role: string; kind: ActorKind; unitId: string | null; name: string };
  from: Status | null;
  to: Status | null;
  note: string | null;
  photos: string[];
  data: Record<string, unknown> | null;
}

export type ActorKind = 'public' | 'reporter' | 'staff' | 'auto_dispatch' | 'overdue_sweep' | 'system' | 'open311';

/** What POST /api/track answers: the request as its reporter sees it, and a 30-minute token for its photos and actions. */
export interface TrackedRequest extends RequestDetail {
  access: { token: string; expiresAt: string };
  /** Texts to the reporter's mobile about this request; null when no mobile was given. */
  sms: { muted: boolean } | null;
}

export interface RequestDetail {
  request: ServiceRequest;
  timeline: TimelineEvent[];
  actions: Action[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Queue = 'new' | 'unassigned' | 'overdue' | 'supervised' | 'mine' | 'extension';

export interface RequestFilters {
  queue?: Queue;
  status?: Status;
  categoryCode?: string;
  kind?: Kind;
  channel?: Channel;
  unitId?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface NewRequest {
  kind: Kind;
  categoryCode: string;
  urgency: Urgency;
  description: string;
  title?: string;
  location?: LatLng;
  communityCode?: string;
  address?: string;
  anonymous: boolean;
  reporterName?: string;
  reporterPhone?: string;
  photos: string[];
  channel?: Channel;
  publicLocation?: boolean;
  attributes?: AttributeAnswers;
}

export interface CreatedRequest extends ServiceRequest {
  trackCode?: string;
  replayed: boolean;
}

export interface PhoneView {
  at: string;
  userId?: string;
  userName?: string;
  name?: string;
  role?: string;
  ip?: string | null;
  [k: string]: unknown;
}

export interface MeasureCounts {
  valid: number;
  contactedInTime: number;
  resolved: number;
  satisfied: number;
  basic: number;
  resolvedOnTime: number;
  reopened: number;
  handlingSecondsSum: number;
  handlingCount: number;
  overdue: number;
  created: number;
}

export interface Rates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  onTimeRate: number | null;
  reopenRate: number | null;
  avgHandlingHours: number | null;
}

export interface RankingRow extends Rates {
  rank: number;
  unitId: string;
  unitName: string;
  streetName: string | null;
  counts: MeasureCounts;
}

export interface Ranking {
  month: string;
  level: 'street' | 'community';
  weights: Weights;
  rows: RankingRow[];
}

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}

export interface TrendPoint {
  month: string;
  counts: MeasureCounts;
  rates: Rates;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** Where a year's calendar comes from (provisional: statutory days only, 调休 missing). */
export interface CalendarYearStatus {
  status: 'official' | 'provisional' | 'confirmed' | 'missing';
  source: string | null;
  confirmedAt?: string;
}

export interface CalendarYear extends CalendarYearStatus {
  year: number;
  days: CalendarDay[];
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
}

export interface AccountFilter {
  q?: string;
  role?: Role;
  unitId?: string;
  status?: 'active' | 'disabled' | 'locked' | 'must_change';
}

/** A notice in the caller's inbox (server: modules/notices), rendered in the asked language. */
export interface Notice {
  id: string;
  event: string;
  entityType: string;
  entityId: string;
  text: string;
  createdAt: string;
  read: boolean;
}

/** A background job (server: modules/jobs). */
export interface Job {
  id: string;
  kind: string;
  key: string | null;
  status: 'pending' | 'running' | 'done' | 'failed';
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  createdAt?: string;
  revokedAt?: string | null;
  lastUsedAt?: string | null;
  prefix?: string;
  key?: string;
  [k: string]: unknown;
}

export interface RequestPoint {
  lat: number;
  lng: number;
  status?: Status;
}

/* ---- 便民地图: places ---- */

export type FieldType = 'text' | 'number' | 'boolean' | 'tags' | 'enum';

/** A field a place type adds to its places (facilities, menu, spaces, install status …). */
export interface PlaceField {
  key: string;
  label: string;
  labelEn: string;
  type: FieldType;
  options?: string[];
  unit?: string;
}

export interface PlaceType {
  code: string;
  name: string;
  nameEn: string;
  icon: string;
  fields: PlaceField[];
  active: boolean;
}

export type Interval = [string, string];

/** When a place is open: round the clock, weekly intervals (Mon..Sun), 错时 (outside working hours), or not at all. */
export type OpeningHours =
  | { kind: 'always' }
  | { kind: 'weekly'; week: Interval[][]; holidays: 'weekly' | 'sunday' | 'closed' }
  | { kind: 'off_work'; workStart: string; workEnd: string }
  | { kind: 'closed' };

export type PlaceStatus = 'active' | 'closed' | 'removed';

export interface Place {
  id: string;
  typeCode: string;
  typeName: string;
  name: string;
  address: string | null;
  location: LatLng;
  streetCode: string | null;
  communityCode: string | null;
  managingUnit: { id: string; name: string } | null;
  contact: { name: string | null; phone: string | null; phoneMasked: boolean };
  hours: OpeningHours;
  hoursText: Named;
  openNow: boolean;
  attrs: Record<string, unknown>;
  public: boolean;
  status: PlaceStatus;
  demo: boolean;
  version: number;
  distanceMetres?: number;
}

export interface PlaceEvent {
  id: string;
  title: string;
  description: string | null;
  organiser: string | null;
  startsAt: string;
  endsAt: string | null;
}

export interface PlaceDetail extends Place {
  events: PlaceEvent[];
  checkins: { group: string; people: number }[];
}

export interface PlaceFilters {
  type?: string;
  q?: string;
  communityCode?: string;
  openNow?: '1' | '0';
  page?: number;
  pageSize?: number;
}

export interface PlaceInput {
  typeCode: string;
  name: string;
  address: string | null;
  location: LatLng;
  communityCode?: string | null;
  managingUnitId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  hours: OpeningHours;
  attrs: Record<string, unknown>;
  public: boolean;
  status: PlaceStatus;
  version?: number;
}

export type PlaceProblem = 'closed' | 'unstaffed' | 'dirty' | 'broken' | 'wrong_info' | 'other';

export interface PlaceReportCreated {
  number: string;
  status: Status;
  handlerUnitId: string | null;
  trackCode?: string;
}

export interface CheckinStats {
  month: string;
  stations: { placeId: string; name: string; total: number; groups: Record<string, number> }[];
  groups: Record<string, number>;
  total: number;
}

export interface ImportIssue {
  row: number;
  field: string;
  message: string;
  messageEn: string;
}

export interface ImportReport {
  rows: number;
  valid: number;
  errors: ImportIssue[];
  imported: number;
  dryRun: boolean;
}
