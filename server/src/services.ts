import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { writeQueue } from './db/group-commit.js';
import type { DB } from './db/schema.js';
import { sweepOverdue } from './jobs/overdue-sweep.js';
import { pruneBookkeeping } from './jobs/retention.js';
import { sweepUploads } from './jobs/upload-sweep.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AccountsService } from './modules/auth/accounts.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { CategoriesService } from './modules/categories/categories.service.js';
import { DriveDeliveriesService } from './modules/drives/drive-deliveries.service.js';
import { DrivesService } from './modules/drives/drives.service.js';
import { buildInspections, type Inspections } from './modules/inspections/inspections.module.js';
import { JobsService } from './modules/jobs/jobs.service.js';
import { MeasuresService } from './modules/measures/measures.service.js';
import { MembershipsService } from './modules/memberships/memberships.service.js';
import { NoticesService } from './modules/notices/notices.service.js';
import { HttpSms, OutboxOnlySms } from './modules/notices/sms.js';
import { Open311Service } from './modules/open311/open311.service.js';
import { OrgService } from './modules/org/org.service.js';
import { PlacesService } from './modules/places/places.service.js';
import { MemoryCounterStore, TableCounterStore } from './modules/ratelimit/counter-store.js';
import { RateLimiter } from './modules/ratelimit/ratelimit.service.js';
import type { RectificationService } from './modules/rectification/rectification.service.js';
import { REQUEST_ENTITY } from './modules/requests/request.workflow.js';
import { RequestsService } from './modules/requests/requests.service.js';
import { RequestsExportService } from './modules/requests/requests-export.service.js';
import { TrackService } from './modules/requests/track.service.js';
import { TrackAccess } from './modules/requests/track-access.js';
import { UploadsService, uploadsDir } from './modules/uploads/uploads.service.js';
import { WISH_ENTITY } from './modules/wishes/wish.workflow.js';
import { WishesLedger } from './modules/wishes/wishes.ledger.js';
import { WishesService } from './modules/wishes/wishes.service.js';
import { sweepClaims, WISH_EXPIRY_JOB } from './modules/wishes/wishes.sweep.js';
import { AttachmentPolicies } from './platform/attachments.js';
import { DocumentsService } from './platform/documents/documents.service.js';
import { SERVICE_RECORD_ENTITY } from './platform/service-records/service-records.schema.js';
import { ServiceRecordsService } from './platform/service-records/service-records.service.js';
import { serverSecret } from './secret.js';

/** Committed reference data (divisions, outline, holidays, demo positions). */
export const DATA_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');

/** The composition root: every service, built once per app instance from the database and the clock. */
export interface Services {
  config: Config;
  clock: Clock;
  database: Database;
  db: Kysely<DB>;
  dataRoot: string;
  audit: AuditService;
  org: OrgService;
  calendar: CalendarService;
  categories: CategoriesService;
  auth: AuthService;
  accounts: AccountsService;
  requests: RequestsService;
  track: TrackService;
  requestsExport: RequestsExportService;
  uploads: UploadsService;
  measures: MeasuresService;
  places: PlacesService;
  rateLimiter: RateLimiter;
  jobs: JobsService;
  documents: DocumentsService;
  serviceRecords: ServiceRecordsService;
  notices: NoticesService;
  open311: Open311Service;
  memberships: MembershipsService;
  wishes: WishesService;
  wishesLedger: WishesLedger;
  drives: DrivesService;
  driveDeliveries: DriveDeliveriesService;
  inspections: Inspections;
  rectification: RectificationService;
}

/**
 * What routes are given: the services, never the database or a repository, so a route stays
 * access + validation + one service call (route-contract.test.ts checks the route files too).
 */
export type RouteServices = Omit<Services, 'db' | 'database'>;

export function buildServices(config: Config, database: Database, clock: Clock): Services {
  const db = database.db;
  const audit = new AuditService(clock, db);
  const org = new OrgService(db, clock, DATA_ROOT, audit);
  const calendar = new CalendarService(db, clock, audit, DATA_ROOT);
  const categories = new CategoriesService(db, org, audit);
  const auth = new AuthService(db, clock, org, audit, config);
  const accounts = new AccountsService(db, clock, org, audit, auth);
  const jobs = new JobsService(db, clock, audit);
  const sms = config.smsUrl ? new HttpSms(config.smsUrl, config.smsToken) : new OutboxOnlySms((line) => console.info(line));
  const notices = new NoticesService(db, clock, jobs, sms);
  const requests = new RequestsService(db, clock, org, categories, calendar, audit, writeQueue(db, database.dialect), notices);
  const requestsExport = new RequestsExportService(db, clock, requests.repo, categories, org, audit);
  const track = new TrackService(requests, new TrackAccess(serverSecret(config), clock), notices);
  const attachmentPolicies = new AttachmentPolicies();
  attachmentPolicies.register(REQUEST_ENTITY, (actor, id, proof) => track.mayOpenAttachment(actor, id, proof));
  const serviceRecords = new ServiceRecordsService(db, clock, audit);
  attachmentPolicies.register(SERVICE_RECORD_ENTITY, async (actor, id) => {
    const r = await db.selectFrom('service_records').selectAll().where('id', '=', id).executeTakeFirst();
    return !!r && serviceRecords.maySee(actor, r);
  });
  const uploads = new UploadsService(db, clock, config.dataDir, config.uploadLimitBytes, attachmentPolicies);
  const measures = new MeasuresService(db, clock, database.dialect, org, audit);
  const places = new PlacesService(db, clock, org, calendar, audit, requests);
  // Several instances share PostgreSQL, so they share its counters; the embedded SQLite process counts alone.
  const counters = database.dialect === 'postgres' ? new TableCounterStore(db) : new MemoryCounterStore();
  const rateLimiter = new RateLimiter(counters, clock, config.rateLimits, config.rateLimitEnabled);
  const documents = new DocumentsService(db, uploads, serverSecret(config), config.publicUrl);
  const { inspections, rectification } = buildInspections({
    db,
    clock,
    org,
    calendar,
    audit,
    notices,
    jobs,
    documents,
    attachments: attachmentPolicies,
    sweepSeconds: config.sweepIntervalSeconds,
    options: { officeHours: config.officeHours, recurringDays: config.recurringDays },
  });
  if (config.sweepIntervalSeconds > 0)
    jobs.register('overdue-sweep', {
      everySeconds: config.sweepIntervalSeconds,
      run: async () => void (await sweepOverdue(db, clock, 500, (trx, id) => requests.tellEscalated(trx, id))),
    });
  jobs.register('notice.auto-dispatch', { everySeconds: 30, run: async () => void (await requests.tellAutoDispatched()) });
  // Housekeeping (off with the sweeps): expired unattached photos and ended rate-limit windows every
  // 15 minutes; bookkeeping past its retention (jobs/retention.ts) hourly.
  if (config.sweepIntervalSeconds > 0) {
    if (config.uploadTtlHours > 0)
      jobs.register('upload-sweep', {
        everySeconds: 900,
        run: async () => void (await sweepUploads(db, clock, uploadsDir(config.dataDir), config.uploadTtlHours)),
      });
    jobs.register('rate-limit-prune', { everySeconds: 900, run: async () => void (await rateLimiter.prune()) });
    jobs.register('retention-prune', { everySeconds: 3600, run: async () => void (await pruneBookkeeping(db, clock)) });
  }
  const open311 = new Open311Service(db, { clock, categories, org, requests, auth });
  // 微心愿 and memberships (modules/wishes, modules/memberships): photos by the wish's rule; the claim-expiry job.
  const memberships = new MembershipsService(db, clock, org, audit);
  const drives = new DrivesService(db, clock, org, audit);
  const wishes = new WishesService(db, clock, org, audit, notices, memberships, serviceRecords, requests, drives);
  const wishesLedger = new WishesLedger(db, clock, org, audit);
  attachmentPolicies.register(WISH_ENTITY, (actor, id) => wishes.mayOpenAttachment(actor, id));
  if (config.sweepIntervalSeconds > 0)
    jobs.register(WISH_EXPIRY_JOB, { everySeconds: 3600, run: async () => void (await sweepClaims(db, clock, wishes)) });
  const driveDeliveries = new DriveDeliveriesService(drives, notices);
  attachmentPolicies.register('drive_delivery', (actor, id) => driveDeliveries.mayOpenPhoto(actor, id));
  return {
    config,
    clock,
    database,
    db,
    dataRoot: DATA_ROOT,
    audit,
    org,
    calendar,
    categories,
    auth,
    accounts,
    requests,
    track,
    requestsExport,
    uploads,
    measures,
    places,
    rateLimiter,
    jobs,
    documents,
    serviceRecords,
    notices,
    open311,
    memberships,
    wishes,
    wishesLedger,
    drives,
    driveDeliveries,
    inspections,
    rectification,
  };
}
