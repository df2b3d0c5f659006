/**
 * One record of service given, for every programme: wishes, errands and activities record who
 * served which work item, when and for how long (with evidence); a member of staff whose area
 * covers it confirms it (or rejects it); volunteering counts confirmed minutes as hours. Each
 * change is audited in its transaction; two confirmations of one record cannot both win.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { describeIssues } from '../../http/zod-messages.js';
import type { AuditService } from '../../modules/audit/audit.service.js';
import { type Actor, STAFF_ROLES } from '../../modules/auth/actor.js';
import { attachUploads } from '../attachments.js';
import { type Executor, inTransaction } from '../executor.js';
import { rowInScope, type ScopeColumns } from '../scope.js';
import { serviceRecordsRepo as repo, type ServiceRecordRow } from './service-records.repository.js';
import { SERVICE_RECORD_ENTITY, type ServiceRecordInput, type ServiceRecordView, serviceRecordInput } from './service-records.schema.js';

export const SERVICE_RECORD_SCOPE: ScopeColumns = {
  district: 'district_code',
  street: 'street_code',
  community: 'community_code',
  grid: 'grid_code',
  owners: ['person_user_id', 'recorded_by'],
};

const MINUTE = 60_000;
export const personKey = (p: { userId: string } | { name: string }) => ('userId' in p ? `u:${p.userId}` : `n:${p.name.trim()}`);
const iso = (d: Date | string) => new Date(d).toISOString();

function present(r: ServiceRecordRow, evidence: string[] = []): ServiceRecordView {
  return {
    id: r.id,
    person: { userId: r.person_user_id, name: r.person_name, key: r.person_key },
    entity: { type: r.entity_type, id: r.entity_id },
    startedAt: r.started_at,
    endedAt: r.ended_at,
    minutes: r.minutes,
    note: r.note,
    status: r.status,
    version: r.version,
    recordedBy: r.recorded_by,
    confirmedBy: r.confirmed_by,
    confirmedAt: r.confirmed_at,
    rejectReason: r.reject_reason,
    evidence,
  };
}

export class ServiceRecordsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records service given, pending confirmation. Recording the same (work item, person, start)
   * again answers the first record (`replayed`), so a retried step writes it once.
   */
  async record(actor: Actor, raw: ServiceRecordInput, trx?: Executor): Promise<{ record: ServiceRecordView; replayed: boolean }> {
    const parsed = serviceRecordInput.safeParse(raw);
    if (!parsed.success) throw errors.validationIssues(describeIssues(parsed.error.issues, 'record'));
    const input = parsed.data;
    const start = iso(input.startedAt);
    const end = iso(input.endedAt);
    const span = (Date.parse(end) - Date.parse(start)) / MINUTE;
    if (span <= 0) throw errors.validation('endedAt', 'endedAt：结束时间应晚于开始时间', 'endedAt: must be after startedAt');
    if (span > 24 * 60)
      throw errors.validation('endedAt', 'endedAt：一次服务不超过 24 小时', 'endedAt: one record covers at most 24 hours');
    if (Date.parse(end) > this.clock.now().getTime() + 5 * MINUTE)
      throw errors.validation('endedAt', 'endedAt：不能登记尚未结束的服务', 'endedAt: cannot record service that has not ended');
    const minutes = input.minutes ?? Math.floor(span);
    if (minutes > span)
      throw errors.validation('minutes', 'minutes：不能超过开始到结束的时长', 'minutes: more than the time from start to end');
    const key = personKey(input.person);
    const byUser = actor.kind === 'user' ? actor.userId : null;

    return inTransaction(this.db, trx, async (t) => {
      const existing = await repo.once(t, { entityType: input.entity.type, entityId: input.entity.id, personKey: key, startedAt: start });
      if (existing) return { record: await this.view(t, existing), replayed: true };
      if ('userId' in input.person) {
        const u = await t.selectFrom('users').select('id').where('id', '=', input.person.userId).executeTakeFirst();
        if (!u) throw errors.validation('person.userId', 'person.userId：账号不存在', 'person.userId: no such account');
      }
      const clash = await repo.overlapping(t, key, start, end);
      if (clash)
        throw errors.conflict('同一人同一时段已有服务记录', 'This person already has service recorded for an overlapping time', {
          recordId: clash.id,
        });
      const now = this.clock.now().toISOString();
      const id = randomUUID();
      await t
        .insertInto('service_records')
        .values({
          id,
          person_user_id: 'userId' in input.person ? input.person.userId : null,
          person_name: 'name' in input.person ? input.person.name : null,
          person_key: key,
          entity_type: input.entity.type,
          entity_id: input.entity.id,
          started_at: start,
          ended_at: end,
          minutes,
          note: input.note ?? null,
          status: 'pending',
          version: 1,
          district_code: input.place.districtCode,
          street_code: input.place.streetCode,
          community_code: input.place.communityCode,
          grid_code: input.place.gridCode,
          recorded_by: byUser,
          confirmed_by: null,
          confirmed_at: null,
          reject_reason: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const evidence = [...new Set(input.evidence)];
      const attached = await attachUploads(t, { type: SERVICE_RECORD_ENTITY, id }, evidence, byUser);
      if (attached !== evidence.length)
        throw errors.validation(
          'evidence',
          'evidence：有照片不存在、不是您上传的或已被使用',
          'evidence: an upload is missing, not yours, or already used',
        );
      await this.audit.record(t, actor, 'service_record.recorded', SERVICE_RECORD_ENTITY, id, {
        entity: input.entity,
        minutes,
        evidence: evidence.length,
      });
      const row = await repo.byId(t, id);
      return { record: present(row!, evidence), replayed: false };
    });
  }

  /** Confirms a pending record. Staff only, within their area, never one's own service; of two confirmations one wins, the other gets CONFLICT. */
  confirm(actor: Actor, id: string, version: number, trx?: Executor): Promise<ServiceRecordView> {
    return this.decide(actor, id, version, { status: 'confirmed' }, trx);
  }

  async reject(actor: Actor, id: string, version: number, reason: string, trx?: Executor): Promise<ServiceRecordView> {
    const why = reason.trim();
    if (!why || why.length > 200)
      throw errors.validation('reason', 'reason：请填写 1–200 字的原因', 'reason: give a reason of 1–200 characters');
    return this.decide(actor, id, version, { status: 'rejected', reason: why }, trx);
  }

  private decide(
    actor: Actor,
    id: string,
    version: number,
    d: { status: 'confirmed' | 'rejected'; reason?: string },
    trx?: Executor,
  ): Promise<ServiceRecordView> {
    return inTransaction(this.db, trx, async (t) => {
      const row = await repo.byId(t, id);
      if (!row || !this.maySee(actor, row)) throw errors.notFound('服务记录', 'Service record');
      if (
        actor.kind !== 'user' ||
        !STAFF_ROLES.includes(actor.role) ||
        !rowInScope(SERVICE_RECORD_SCOPE, actor, { ...row, recorded_by: null, person_user_id: null })
      )
        throw errors.forbidden('确认服务记录');
      if (row.person_user_id === actor.userId) throw errors.forbidden('确认本人的服务记录');
      if (row.status !== 'pending')
        throw errors.conflict('该服务记录已处理', 'This service record has already been decided', { status: row.status });
      const now = this.clock.now().toISOString();
      const r = await t
        .updateTable('service_records')
        .set({
          status: d.status,
          version: row.version + 1,
          confirmed_by: actor.userId,
          confirmed_at: now,
          reject_reason: d.reason ?? null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw errors.conflict(
          '该服务记录刚刚被他人处理，请刷新后重试',
          'Someone else decided this record a moment ago; reload and try again',
        );
      await this.audit.record(t, actor, `service_record.${d.status}`, SERVICE_RECORD_ENTITY, id, {
        minutes: row.minutes,
        ...(d.reason ? { reason: d.reason } : {}),
      });
      return this.view(t, (await repo.byId(t, id))!);
    });
  }

  /** The person, whoever recorded it, and staff whose area covers it. */
  maySee(actor: Actor, row: ServiceRecordRow): boolean {
    return rowInScope(SERVICE_RECORD_SCOPE, actor, row);
  }

  async get(actor: Actor, id: string, db: Executor = this.db): Promise<ServiceRecordView> {
    const row = await repo.byId(db, id);
    if (!row || !this.maySee(actor, row)) throw errors.notFound('服务记录', 'Service record');
    return this.view(db, row);
  }

  async listByPerson(person: { userId: string } | { name: string }, period: { from?: Date; to?: Date } = {}, db: Executor = this.db) {
    const rows = await repo.list(db, {
      personKey: personKey(person),
      ...(period.from ? { from: iso(period.from) } : {}),
      ...(period.to ? { to: iso(period.to) } : {}),
    });
    return this.views(db, rows);
  }

  async listByEntity(entity: { type: string; id: string }, db: Executor = this.db) {
    return this.views(db, await repo.list(db, { entity }));
  }

  /** Confirmed minutes per person for service that started in [from, to). */
  async minutesByPerson(from: Date, to: Date, db: Executor = this.db) {
    const rows = await repo.minutesByPerson(db, iso(from), iso(to));
    return rows.map((r) => ({ key: r.person_key, userId: r.user_id, name: r.name, minutes: Number(r.minutes) }));
  }

  /** Volunteer hours: confirmed minutes of service started in [from, to) ÷ 60, to two decimals. Pending and rejected records do not count. */
  async hoursOf(person: string | { userId: string } | { name: string }, from: Date, to: Date, db: Executor = this.db): Promise<number> {
    const key = typeof person === 'string' ? `u:${person}` : personKey(person);
    const [row] = await repo.minutesByPerson(db, iso(from), iso(to), key);
    return Math.round((Number(row?.minutes ?? 0) / 60) * 100) / 100;
  }

  private async view(db: Executor, row: ServiceRecordRow): Promise<ServiceRecordView> {
    return present(row, (await repo.evidenceOf(db, [row.id])).get(row.id) ?? []);
  }

  private async views(db: Executor, rows: ServiceRecordRow[]): Promise<ServiceRecordView[]> {
    const ev = await repo.evidenceOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => present(r, ev.get(r.id) ?? []));
  }
}
