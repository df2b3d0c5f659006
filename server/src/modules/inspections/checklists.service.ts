/**
 * Checklists as data, versioned: saving a point type's checklist makes a new version and the
 * current one; rounds keep the version their points were inspected with. The default set ships
 * (default-checklist.ts); an admin edits it or imports it from Excel (checklist.sheet.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { DocumentsService } from '../../platform/documents/documents.service.js';
import { type Executor, inTransaction } from '../../platform/executor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { CHECKLIST_SHEET } from './checklist.sheet.js';
import { DEFAULT_CHECKLISTS } from './default-checklist.js';
import { type ChecklistInput, type ChecklistItemInput, POINT_TYPE_NAMES, POINT_TYPES, type PointType } from './inspections.schemas.js';
import type { ChecklistItemTable, ChecklistTable } from './inspections.tables.js';

export type ChecklistRow = Selectable<ChecklistTable>;
export type ItemRow = Selectable<ChecklistItemTable>;

export function presentItem(i: ItemRow) {
  return {
    id: i.id,
    code: i.code,
    group: i.grp,
    title: i.title,
    failure: i.failure,
    weight: i.weight,
    deductPerFinding: i.deduct_per_finding,
    responsible: i.responsible,
    departmentId: i.department_id,
    limitValue: i.limit_value,
    limitUnit: i.limit_unit,
  };
}

function presentChecklist(c: ChecklistRow, items: ItemRow[]) {
  return {
    id: c.id,
    pointType: c.point_type as PointType,
    pointTypeName: POINT_TYPE_NAMES[c.point_type as PointType] ?? { zh: c.point_type, en: c.point_type },
    name: c.name,
    version: c.version,
    current: c.current === 1,
    itemCount: items.length,
    totalWeight: items.reduce((a, i) => a + i.weight, 0),
    createdAt: c.created_at,
  };
}

export class ChecklistsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
  ) {}

  /** Installs the shipped checklist for every point type that has none (idempotent). */
  async installDefaults(): Promise<void> {
    const system: Actor = { kind: 'system', job: 'seed' };
    for (const type of POINT_TYPES) {
      const any = await this.db.selectFrom('checklists').select('id').where('point_type', '=', type).executeTakeFirst();
      if (any) continue;
      // A shipped item names a default department (区城管局); where it is missing, the street answers.
      const items: ChecklistItemInput[] = [];
      for (const i of DEFAULT_CHECKLISTS[type]) {
        const dept = i.departmentId
          ? await this.db.selectFrom('units').select('id').where('id', '=', i.departmentId).executeTakeFirst()
          : undefined;
        items.push(i.responsible === 'department' && !dept ? { ...i, responsible: 'street', departmentId: null } : i);
      }
      await this.save(system, { pointType: type, name: `${POINT_TYPE_NAMES[type].zh}创城测评清单`, items });
    }
  }

  async list(q: { pointType?: PointType; all?: '1' | '0' }) {
    let query = this.db.selectFrom('checklists').selectAll().orderBy('point_type').orderBy('version', 'desc');
    if (q.pointType) query = query.where('point_type', '=', q.pointType);
    if (q.all !== '1') query = query.where('current', '=', 1);
    const rows = await query.execute();
    const items = rows.length
      ? await this.db
          .selectFrom('checklist_items')
          .selectAll()
          .where(
            'checklist_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    return {
      items: rows.map((r) =>
        presentChecklist(
          r,
          items.filter((i) => i.checklist_id === r.id),
        ),
      ),
    };
  }

  async get(id: string, db: Executor = this.db) {
    const c = await db.selectFrom('checklists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw errors.notFound('检查清单', 'Checklist');
    const items = await this.items([id], db);
    return { ...presentChecklist(c, items), items: items.map(presentItem) };
  }

  items(checklistIds: readonly string[], db: Executor = this.db): Promise<ItemRow[]> {
    if (!checklistIds.length) return Promise.resolve([]);
    return db
      .selectFrom('checklist_items')
      .selectAll()
      .where('checklist_id', 'in', [...checklistIds])
      .orderBy('checklist_id')
      .orderBy('sort')
      .execute();
  }

  /** The current version of a point type's checklist. */
  async current(type: string, db: Executor = this.db): Promise<ChecklistRow> {
    const c = await db.selectFrom('checklists').selectAll().where('point_type', '=', type).where('current', '=', 1).executeTakeFirst();
    if (!c) throw errors.validation('type', `type：点位类型 ${type} 还没有检查清单`, `type: point type ${type} has no checklist yet`);
    return c;
  }

  /** Saves a new version (the next number) and makes it current; the old versions stay as they were. */
  async save(actor: Actor, input: ChecklistInput, outer?: Executor) {
    checkItems(input.items);
    const id = await inTransaction(this.db, outer, async (trx) => {
      const depts = [...new Set(input.items.flatMap((i) => (i.responsible === 'department' && i.departmentId ? [i.departmentId] : [])))];
      const known = depts.length
        ? new Set(
            (await trx.selectFrom('units').select('id').where('id', 'in', depts).where('kind', '=', 'department').execute()).map(
              (u) => u.id,
            ),
          )
        : new Set<string>();
      input.items.forEach((i, n) => {
        if (i.responsible === 'department' && i.departmentId && !known.has(i.departmentId))
          throw errors.validation(
            `items.${n}.departmentId`,
            `items.${n}.departmentId：职能部门 ${i.departmentId} 不存在`,
            `items.${n}.departmentId: department ${i.departmentId} does not exist`,
          );
      });
      const now = this.clock.now().toISOString();
      const last = await trx
        .selectFrom('checklists')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('point_type', '=', input.pointType)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const cid = randomUUID();
      await trx.updateTable('checklists').set({ current: 0 }).where('point_type', '=', input.pointType).where('current', '=', 1).execute();
      // A concurrent save of the same type takes the same number and fails on the unique (type, version).
      await trx
        .insertInto('checklists')
        .values({
          id: cid,
          point_type: input.pointType,
          name: input.name,
          version,
          current: 1,
          created_by: actor.kind === 'user' ? actor.userId : null,
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('checklist_items')
        .values(
          input.items.map((i, n) => ({
            id: randomUUID(),
            checklist_id: cid,
            code: i.code,
            grp: i.group,
            title: i.title,
            failure: i.failure,
            weight: i.weight,
            deduct_per_finding: i.deductPerFinding,
            responsible: i.responsible,
            department_id: i.responsible === 'department' ? i.departmentId : null,
            limit_value: i.limitValue,
            limit_unit: i.limitUnit,
            sort: n,
          })),
        )
        .execute();
      await this.audit.record(trx, actor, 'checklist.save', 'checklist', cid, {
        pointType: input.pointType,
        version,
        items: input.items.length,
      });
      return cid;
    }).catch((e: unknown) => {
      if (e instanceof Error && /unique|UNIQUE|duplicate/.test(e.message))
        throw errors.conflict(
          '该类清单刚被他人保存，请刷新后重试',
          'This checklist was saved by someone else a moment ago; reload and try again',
        );
      throw e;
    });
    return this.get(id, outer);
  }

  template(): Promise<Buffer> {
    return this.documents.template(CHECKLIST_SHEET);
  }

  /** Imports a point type's checklist from a sheet: a dry run lists every bad cell; a clean real run saves a new version. */
  async import(actor: Actor, file: Buffer, opts: { pointType: PointType; name?: string; dryRun: boolean }) {
    let saved: string | null = null;
    const report = await this.documents.importSheet(CHECKLIST_SHEET, file, {
      dryRun: opts.dryRun,
      write: async (trx, rows) => {
        const items: ChecklistItemInput[] = rows.map((r) => ({
          code: r.code,
          group: r.group,
          title: r.title,
          failure: r.failure,
          weight: r.weight,
          deductPerFinding: r.deduct ?? null,
          responsible: r.responsible ?? 'point_unit',
          departmentId: r.department ?? null,
          limitValue: r.limitValue,
          limitUnit: r.limitUnit,
        }));
        const name = opts.name ?? `${POINT_TYPE_NAMES[opts.pointType].zh}创城测评清单（导入）`;
        saved = (await this.save(actor, { pointType: opts.pointType, name, items }, trx)).id;
      },
    });
    const checklist = saved ? ((await this.list({ pointType: opts.pointType })).items.find((c) => c.id === saved) ?? null) : null;
    return {
      dryRun: opts.dryRun,
      ok: report.errors.length === 0,
      rows: report.rows,
      issues: report.errors.map((e) => ({ row: e.row, column: e.column, message: e.message, messageEn: e.messageEn })),
      checklist,
    };
  }
}

function checkItems(items: readonly ChecklistItemInput[]): void {
  const seen = new Set<string>();
  items.forEach((i, n) => {
    if (seen.has(i.code))
      throw errors.validation(`items.${n}.code`, `items.${n}.code：编码 ${i.code} 重复`, `items.${n}.code: code ${i.code} is repeated`);
    seen.add(i.code);
    if (i.responsible === 'department' && !i.departmentId)
      throw errors.validation(
        `items.${n}.departmentId`,
        `items.${n}.departmentId：责任单位为职能部门时必填`,
        `items.${n}.departmentId: required when a department answers for it`,
      );
    if (i.deductPerFinding !== null && i.deductPerFinding > i.weight)
      throw errors.validation(
        `items.${n}.deductPerFinding`,
        `items.${n}.deductPerFinding：每处扣分不能超过分值`,
        `items.${n}.deductPerFinding: cannot exceed the weight`,
      );
  });
}
