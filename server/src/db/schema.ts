/**
 * Table types for Kysely. Timestamps are ISO-8601 UTC strings on both dialects so that
 * one query works on SQLite and PostgreSQL; booleans are 0/1 integers for the same reason.
 */
import type { Generated } from 'kysely';
import type { InspectionTables } from '../modules/inspections/inspections.tables.js';
import type { DriveTables } from './drives-tables.js';
import type { WishTables } from './wishes-tables.js';

export type { MembershipTable, WishTable } from './wishes-tables.js';

/** A city may sit above its districts: every scope and ranking works from the tree's root down. */
export type UnitKind = 'city' | 'district' | 'street' | 'community' | 'grid' | 'department' | 'cobuild';

export interface UnitTable {
  id: string;
  parent_id: string | null;
  kind: UnitKind;
  name: string;
  /** Materialised path of ids, e.g. "141102/141102001/141102001001/"; scope = prefix match. */
  path: string;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  lat: number | null;
  lng: number | null;
  demo: number;
  active: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  phone: string | null;
  role: string;
  unit_id: string | null;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  /** 1 after a reset: the account's sessions may only change the password. */
  must_change_password: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** One login counter (docs/security.md): key = ip:<addr> | acctip:<user>|<addr> | acct:<user>. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  blocked_until: string | null;
  updated_at: string;
}

export interface LoginAddressTable {
  user_id: string;
  ip: string;
  last_login_at: string;
}

export interface SessionTable {
  id: string; // sha256 of the token; the token itself is never stored
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  /** The unit this session acts for (memberships, migration 0014); null: none chosen. */
  acting_unit_id: Generated<string | null>;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  detail: string | null;
  ip: string | null;
}

export interface CategoryTable {
  code: string;
  name: string;
  name_en: string;
  kinds: string; // JSON array of request kinds
  icon: string;
  handler: 'grid' | 'department';
  department_id: string | null;
  sla: string; // JSON, see calendar/sla.ts
  sort: number;
  active: number;
  /** JSON array of GeoReport v2 service attributes, see categories/attributes.ts. */
  attributes: string;
}

export interface RequestTable {
  id: string;
  number: string;
  kind: string;
  category_code: string;
  urgency: string;
  title: string;
  description: string;
  channel: string;
  status: string;
  version: number;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
  handler_unit_id: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  anonymous: number;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  created_by_user_id: string | null;
  open311_token: string | null;
  /** Hash of the code an anonymous reporter without a phone uses to follow the request. */
  track_code_hash: string | null;
  created_at: string;
  updated_at: string;
  created_month: string;
  dispatched_at: string | null;
  signed_at: string | null;
  contacted_at: string | null;
  resolved_at: string | null;
  rated_at: string | null;
  closed_at: string | null;
  sign_deadline: string | null;
  contact_deadline: string | null;
  resolve_deadline: string | null;
  overdue: number;
  supervised: number;
  extension_pending: number;
  reopen_count: number;
  contacted_in_time: number | null;
  resolved_on_time: number | null;
  handling_seconds: number | null;
  reply: string | null;
  rating: string | null;
  rating_resolved: number | null;
  rating_comment: string | null;
  /** Month (Asia/Shanghai) of the valid follow-up; the measures group by it. */
  period_month: string | null;
  merged_into_id: string | null;
  /** 1 when the reporter chose 公开位置: public feeds then show the exact point. */
  public_location: number;
  /** JSON object of the category's service attributes answered at intake. */
  attributes: string | null;
}

/** The one timeline of every work item (requests, wishes, orders …), keyed by (entity type, entity id); append-only. */
export interface TimelineTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: string;
  at: string;
  actor_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  photos: string | null; // JSON array of upload ids
  data: string | null; // JSON
}

/** Photos and files; attached to one work item (entity type, entity id) or waiting to be. */
export interface UploadTable {
  id: string;
  owner_user_id: string | null;
  entity_type: string | null;
  entity_id: string | null;
  mime: string;
  size: number;
  sha256: string;
  file_name: string;
  created_at: string;
}

/** What a retried create answers with: the work item a (caller scope, key) created first. */
export interface IdempotencyTable {
  scope: string;
  key: string;
  entity_type: string;
  entity_id: string;
  created_at: string;
  /** A fingerprint of the body the key was first sent with (platform/idempotency.ts); null on old rows. */
  body_hash?: string | null;
}

export interface CounterTable {
  name: string;
  value: number;
}

export interface HolidayTable {
  date: string; // YYYY-MM-DD
  kind: 'holiday' | 'workday';
  name: string;
}

export interface SettingTable {
  key: string;
  value: string; // JSON
}

export interface PlaceTypeTable {
  code: string;
  name: string;
  name_en: string;
  icon: string;
  fields: string; // JSON FieldDef[]
  sort: number;
  active: number;
}

export interface PlaceTable {
  id: string;
  type_code: string;
  name: string;
  address: string | null;
  lat: number;
  lng: number;
  district_code: string | null;
  street_code: string | null;
  community_code: string | null;
  managing_unit_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  hours: string; // JSON OpeningHours
  attrs: string; // JSON
  public: number;
  status: string; // active | closed | removed
  demo: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PlaceCheckinTable {
  id: Generated<number>;
  place_id: string;
  worker_group: string;
  people: number;
  at: string;
  month: string;
}

export interface PlaceEventTable {
  id: string;
  place_id: string;
  title: string;
  description: string | null;
  organiser: string | null;
  starts_at: string;
  ends_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** A durable job (modules/jobs): a reminder, a sweep, a timer. */
export interface JobTable {
  id: string;
  kind: string;
  key: string | null;
  payload: string; // JSON
  status: 'pending' | 'running' | 'done' | 'failed';
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

/** Service given for a work item (platform/service-records): confirmed minutes become volunteer hours. */
export interface ServiceRecordTable {
  id: string;
  person_user_id: string | null;
  person_name: string | null;
  person_key: string;
  entity_type: string;
  entity_id: string;
  started_at: string;
  ended_at: string;
  minutes: number;
  note: string | null;
  status: 'pending' | 'confirmed' | 'rejected';
  version: number;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
  recorded_by: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  reject_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** A notice to one account's inbox, or to a phone through the SMS outbox (modules/notices). */
export interface NoticeTable {
  id: string;
  user_id: string | null;
  sms_id: string | null;
  event: string;
  entity_type: string;
  entity_id: string;
  vars: string; // JSON
  created_at: string;
  read_at: string | null;
}

export interface SmsOutboxTable {
  id: string;
  to_phone: string;
  text: string;
  status: 'queued' | 'sent' | 'failed';
  provider: string | null;
  provider_id: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NoticeOptOutTable {
  who: string;
  created_at: string;
}

/** Rate-limit counters (ms since the epoch), one row per key; see modules/ratelimit. */
export interface RateLimitTable {
  key: string;
  window_start: number;
  expires_at: number;
  count: number;
}

export interface DB extends DriveTables, InspectionTables, WishTables {
  service_records: ServiceRecordTable;
  notices: NoticeTable;
  sms_outbox: SmsOutboxTable;
  notice_optouts: NoticeOptOutTable;
  jobs: JobTable;
  place_types: PlaceTypeTable;
  places: PlaceTable;
  place_checkins: PlaceCheckinTable;
  place_events: PlaceEventTable;
  units: UnitTable;
  users: UserTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  login_addresses: LoginAddressTable;
  api_keys: ApiKeyTable;
  audit_log: AuditTable;
  categories: CategoryTable;
  requests: RequestTable;
  timeline: TimelineTable;
  uploads: UploadTable;
  idempotency: IdempotencyTable;
  counters: CounterTable;
  holidays: HolidayTable;
  settings: SettingTable;
  rate_limits: RateLimitTable;
}
