/**
 * The shapes of the server's JSON, imported from the one contract: the zod schemas beside the
 * server's presenters (`server/src/modules/<feature>/<feature>.responses.ts`) for answers, and
 * the routes' input schemas for what the web sends. Type-only imports: no zod and no server
 * code reach the bundle (web/src/api/contract.test.ts checks both). When the server changes an
 * answer, `npm run build` (tsc) fails where the web reads it. Only the web's own names are here.
 */
import type { z } from 'zod';
import type { Role as ServerRole } from '../../../server/src/modules/auth/actor';
import type { AccountView, ApiKeyView, SessionUser } from '../../../server/src/modules/auth/users.responses';
import type { CalendarYearView, YearStatus } from '../../../server/src/modules/calendar/calendar.responses';
import type { AttributeDef as ServerAttributeDef } from '../../../server/src/modules/categories/attributes';
import type { CategoryView } from '../../../server/src/modules/categories/categories.responses';
import type { Sla as ServerSla } from '../../../server/src/modules/categories/sla';
import type { JobView } from '../../../server/src/modules/jobs/jobs.responses';
import type { rankingRow, rankingView, trendView, weightsView } from '../../../server/src/modules/measures/measures.responses';
import type { NoticeView } from '../../../server/src/modules/notices/notices.responses';
import type { UnitView } from '../../../server/src/modules/org/org.responses';
import type { OpeningHours as ServerOpeningHours } from '../../../server/src/modules/places/opening-hours';
import type { FieldDef } from '../../../server/src/modules/places/place-types';
import type {
  PlaceTypeView,
  PlaceView,
  CheckinStats as ServerCheckinStats,
  ImportReport as ServerImportReport,
  PlaceDetail as ServerPlaceDetail,
  PlaceReportCreated as ServerPlaceReportCreated,
} from '../../../server/src/modules/places/places.responses';
import type { placeBody, placeListQuery, reportBody } from '../../../server/src/modules/places/places.schema';
import type { Kind as ServerKind } from '../../../server/src/modules/requests/kinds';
import type { Action as ServerAction, Status as ServerStatus } from '../../../server/src/modules/requests/lifecycle';
import type {
  EventView,
  RequestView,
  ActorKind as ServerActorKind,
  CreatedRequest as ServerCreatedRequest,
  PhoneView as ServerPhoneView,
  RequestDetail as ServerRequestDetail,
  RequestPoint as ServerRequestPoint,
  TrackedDetail,
} from '../../../server/src/modules/requests/requests.responses';
import type {
  CHANNELS,
  createRequestBody,
  listQuery,
  QUEUES,
  RATINGS,
  URGENCIES,
} from '../../../server/src/modules/requests/requests.schema';

export type Role = ServerRole;
export type User = SessionUser;
export type UnitRef = NonNullable<SessionUser['unit']>;
export type Unit = UnitView;
export type UnitKind = Exclude<UnitView['kind'], 'city'>;
export type LatLng = { lat: number; lng: number };

export type Urgency = (typeof URGENCIES)[number];
export type Kind = ServerKind;
export type Channel = (typeof CHANNELS)[number];
export type Sla = ServerSla[Urgency];
export type Limit = Sla['sign'];
export type Category = CategoryView;
export type AttributeDef = ServerAttributeDef;
export type AttributeDatatype = AttributeDef['datatype'];
export type AttributeAnswers = Record<string, string | string[]>;

export type Status = ServerStatus;
export type Action = ServerAction;
export type Rating = (typeof RATINGS)[number];
export interface Named {
  zh: string;
  en: string;
}

export type ServiceRequest = RequestView;
export type TimelineEvent = EventView;
export type ActorKind = ServerActorKind;
export type RequestDetail = ServerRequestDetail;
/** What POST /api/track answers: the request as its reporter sees it, and a 30-minute token for its photos and actions. */
export type TrackedRequest = TrackedDetail;
export type CreatedRequest = ServerCreatedRequest;
export type PhoneView = ServerPhoneView;
export type RequestPoint = ServerRequestPoint;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Queue = (typeof QUEUES)[number];
/** The list's filters as the web sends them (page and size may be left to the server's defaults). */
export type RequestFilters = Partial<z.infer<typeof listQuery>>;
export type NewRequest = z.input<typeof createRequestBody>;

export type Weights = z.infer<typeof weightsView>;
export type RankingRow = z.infer<typeof rankingRow>;
export type Ranking = z.infer<typeof rankingView>;
export type TrendPoint = z.infer<typeof trendView>['items'][number];
export type MeasureCounts = RankingRow['counts'];

export type CalendarDay = CalendarYearView['days'][number];
/** Where a year's calendar comes from (provisional: statutory days only, 调休 missing). */
export type CalendarYearStatus = YearStatus;
export type CalendarYear = CalendarYearView;

export type Account = AccountView;
export interface AccountFilter {
  q?: string;
  role?: Role;
  unitId?: string;
  status?: 'active' | 'disabled' | 'locked' | 'must_change';
}

/** A notice in the caller's inbox (server: modules/notices), rendered in the asked language. */
export type Notice = NoticeView;
/** A background job (server: modules/jobs). */
export type Job = JobView;
/** An Open311 API key; `key` only in the answer that created it (shown once). */
export type ApiKey = ApiKeyView & { key?: string };

/* ---- 便民地图: places ---- */
export type PlaceField = FieldDef;
export type FieldType = FieldDef['type'];
export type PlaceType = PlaceTypeView;
export type OpeningHours = ServerOpeningHours;
export type Interval = [string, string];
export type Place = PlaceView;
export type PlaceStatus = PlaceView['status'];
export type PlaceEvent = ServerPlaceDetail['events'][number];
export type PlaceDetail = ServerPlaceDetail;
export type PlaceFilters = Partial<z.infer<typeof placeListQuery>>;
export type PlaceInput = z.input<typeof placeBody>;
export type PlaceProblem = z.infer<typeof reportBody>['problem'];
export type PlaceReportCreated = ServerPlaceReportCreated;
export type CheckinStats = ServerCheckinStats;
export type ImportReport = ServerImportReport;
export type ImportIssue = ImportReport['errors'][number];
