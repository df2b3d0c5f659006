/**
 * The inspections programme and the rectification orders it shares with the campaigns, built
 * once from the platform's services (services.ts calls this in one line): who may open their
 * photos, and the overdue job.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import type { AttachmentPolicies } from '../../platform/attachments.js';
import type { DocumentsService } from '../../platform/documents/documents.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { JobsService } from '../jobs/jobs.service.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import { ORDER_ENTITY } from '../rectification/order.workflow.js';
import { orderInScope } from '../rectification/rectification.policy.js';
import { type RectificationOptions, RectificationService } from '../rectification/rectification.service.js';
import { ChecklistsService } from './checklists.service.js';
import { ENTRY_ENTITY, EntriesService } from './entries.service.js';
import { roundVisible, seesRoundPoint } from './inspections.policy.js';
import { PointsService } from './points.service.js';
import { RoundsService } from './rounds.service.js';
import { ScoresService } from './scores.service.js';
import { CHECK_ENTITY, SimilarChecksService } from './similar.service.js';

export interface Inspections {
  checklists: ChecklistsService;
  points: PointsService;
  rounds: RoundsService;
  entries: EntriesService;
  scores: ScoresService;
  similar: SimilarChecksService;
}

export const RECTIFICATION_OVERDUE_JOB = 'rectification.overdue';

export function buildInspections(d: {
  db: Kysely<DB>;
  clock: Clock;
  org: OrgService;
  calendar: CalendarService;
  audit: AuditService;
  notices: NoticesService;
  jobs: JobsService;
  documents: DocumentsService;
  attachments: AttachmentPolicies;
  sweepSeconds: number;
  /** Office hours and the recurring window, from config.ts (LIANXIN_OFFICE_HOURS, LIANXIN_RECURRING_DAYS). */
  options: RectificationOptions;
}): { inspections: Inspections; rectification: RectificationService } {
  const rectification = new RectificationService(d.db, d.clock, d.calendar, d.org, d.audit, d.notices, d.options);
  const checklists = new ChecklistsService(d.db, d.clock, d.audit, d.documents);
  const points = new PointsService(d.db, d.clock, d.org, d.audit);
  const scores = new ScoresService(d.db, d.org);
  const rounds = new RoundsService(d.db, d.clock, d.audit, checklists, points, scores);
  const entries = new EntriesService(d.db, d.clock, d.audit, rounds, checklists, rectification);
  const similar = new SimilarChecksService(d.db, d.clock, d.audit, d.org, d.notices, rounds, rectification);

  d.attachments.register(ORDER_ENTITY, async (actor, id) => {
    const o = await d.db.selectFrom('rectification_orders').selectAll().where('id', '=', id).executeTakeFirst();
    return !!o && orderInScope(actor, o);
  });
  // An entry's photos: whoever sees its round and that point in it, and the units whose order (or 举一反三 check) it is.
  d.attachments.register(ENTRY_ENTITY, async (actor, id) => {
    const e = await d.db
      .selectFrom('inspection_entries')
      .select(['round_id', 'order_id', 'point_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!e) return false;
    const r = await d.db
      .selectFrom('inspection_rounds')
      .selectAll()
      .where('id', '=', e.round_id)
      .where(roundVisible(actor))
      .executeTakeFirst();
    const p = await d.db.selectFrom('inspection_points').selectAll().where('id', '=', e.point_id).executeTakeFirst();
    if (r && p && seesRoundPoint(actor, r, p)) return true;
    const o = e.order_id
      ? await d.db.selectFrom('rectification_orders').selectAll().where('id', '=', e.order_id).executeTakeFirst()
      : undefined;
    return !!o && orderInScope(actor, o);
  });
  d.attachments.register(CHECK_ENTITY, (actor, id) => similar.mayOpen(actor, id));
  if (d.sweepSeconds > 0)
    d.jobs.register(RECTIFICATION_OVERDUE_JOB, {
      everySeconds: d.sweepSeconds,
      run: async () => void (await rectification.sweepOverdue()),
    });
  return { inspections: { checklists, points, rounds, entries, scores, similar }, rectification };
}
