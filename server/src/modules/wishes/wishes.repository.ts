/** The wish table's queries. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Executor } from '../../platform/executor.js';
import { scopeWhere } from '../../platform/scope.js';
import type { Actor } from '../auth/actor.js';
import { WISH_MACHINE } from './wish.lifecycle.js';
import { WISH_SCOPE, type WishRow } from './wishes.policy.js';
import type { BoardQuery, ListWishesQuery } from './wishes.schema.js';

/** What the board lists: open wishes on it, and those lit (claimed, delivered, fulfilled). */
export const ON_BOARD = ['published', 'claimed', 'fulfilled', 'confirmed'] as const;
/** Wishes that count against a household's yearly cap (not declined, withdrawn or turned into a request). */
const COUNTED = ['submitted', 'published', 'claimed', 'fulfilled', 'confirmed'];
const OPEN = WISH_MACHINE.decl.open as readonly string[];

export class WishesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  byId(id: string, db: Executor = this.db): Promise<WishRow | undefined> {
    return db
      .selectFrom('wishes')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), eb('number', '=', id)]))
      .executeTakeFirst();
  }

  async board(q: BoardQuery): Promise<{ rows: WishRow[]; total: number; lit: number }> {
    let base = this.db.selectFrom('wishes').where('status', 'in', [...ON_BOARD]);
    if (q.communityCode) base = base.where('community_code', '=', q.communityCode);
    if (q.groupCode) base = base.where('group_code', '=', q.groupCode);
    if (q.drive) base = base.where('drive_id', '=', q.drive);
    const rows = await base
      .selectAll()
      // open ones first, newest first
      .orderBy((eb) => eb.case().when('status', '=', 'published').then(0).else(1).end())
      .orderBy('created_at', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    // "点亮了 N 个心愿": every fulfilled wish of the community chosen (or of all), whatever the group.
    let lit = this.db.selectFrom('wishes').where('status', '=', 'confirmed');
    if (q.communityCode) lit = lit.where('community_code', '=', q.communityCode);
    if (q.drive) lit = lit.where('drive_id', '=', q.drive);
    const { n } = await lit.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total), lit: Number(n) };
  }

  async list(actor: Actor, q: ListWishesQuery): Promise<{ rows: WishRow[]; total: number }> {
    let base = this.db.selectFrom('wishes').where(scopeWhere(WISH_SCOPE, actor));
    if (q.status) base = base.where('status', '=', q.status);
    if (q.communityCode) base = base.where('community_code', '=', q.communityCode);
    if (q.groupCode) base = base.where('group_code', '=', q.groupCode);
    const rows = await base
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  /** 我的心愿 (`poster`) or 我的认领 (`claimer`): the newest 200 and how many there are. */
  async byPerson(column: 'poster_user_id' | 'claimer_user_id', userId: string): Promise<{ rows: WishRow[]; total: number }> {
    const base = this.db.selectFrom('wishes').where(column, '=', userId);
    const rows = await base
      .selectAll()
      .orderBy(column === 'claimer_user_id' ? 'claimed_at' : 'created_at', 'desc')
      .limit(200)
      .execute();
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  /** Wishes of this year that share any of the household's keys and count against its cap. */
  async householdCount(db: Executor, keys: readonly string[], year: number): Promise<number> {
    const { n } = await db
      .selectFrom('wishes')
      .select((eb) => eb.fn.count<number>('wishes.id').distinct().as('n'))
      .where('year', '=', year)
      .where('status', 'in', COUNTED)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('wish_keys')
            .select('wish_keys.key')
            .whereRef('wish_keys.wish_id', '=', 'wishes.id')
            .where('wish_keys.key', 'in', keys),
        ),
      )
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** An open wish sharing any of the household's keys in another community: the duplicate check. */
  openElsewhere(db: Executor, keys: readonly string[], communityCode: string): Promise<Pick<WishRow, 'community_code'> | undefined> {
    return db
      .selectFrom('wishes')
      .select('community_code')
      .where('community_code', '<>', communityCode)
      .where('status', 'in', [...OPEN])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('wish_keys')
            .select('wish_keys.key')
            .whereRef('wish_keys.wish_id', '=', 'wishes.id')
            .where('wish_keys.key', 'in', keys),
        ),
      )
      .executeTakeFirst();
  }

  async insert(db: Executor, row: WishRow, keys: readonly string[]): Promise<void> {
    await db.insertInto('wishes').values(row).execute();
    await db
      .insertInto('wish_keys')
      .values([...new Set(keys)].map((key) => ({ wish_id: row.id, key })))
      .execute();
  }

  /** The communities that have something on the board (the board's community filter). */
  async communitiesOnBoard(): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('wishes')
      .select('community_code')
      .distinct()
      .where('status', 'in', [...ON_BOARD])
      .execute();
    return new Set(rows.map((r) => r.community_code));
  }

  /** The delivery photos of wishes (by wish id). */
  async photos(wishIds: readonly string[], db: Executor = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!wishIds.length) return out;
    const rows = await db
      .selectFrom('uploads')
      .select(['id', 'entity_id'])
      .where('entity_type', '=', 'wish')
      .where('entity_id', 'in', wishIds)
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.entity_id as string, [...(out.get(r.entity_id as string) ?? []), r.id]);
    return out;
  }

  /** The status of the claimer's service record (pending until the community confirms it). */
  async recordStatus(recordId: string | null, db: Executor = this.db): Promise<string | null> {
    if (!recordId) return null;
    return (await db.selectFrom('service_records').select('status').where('id', '=', recordId).executeTakeFirst())?.status ?? null;
  }

  /** Of these wishes, those confirmed whose service record still awaits the community. */
  async timePending(wishes: readonly WishRow[]): Promise<Set<string>> {
    const ids = wishes.filter((w) => w.status === 'confirmed' && w.service_record_id).map((w) => w.service_record_id as string);
    if (!ids.length) return new Set();
    const rows = await this.db.selectFrom('service_records').select('id').where('id', 'in', ids).where('status', '=', 'pending').execute();
    const pending = new Set(rows.map((r) => r.id));
    return new Set(wishes.filter((w) => w.service_record_id && pending.has(w.service_record_id)).map((w) => w.id));
  }

  /** Undelivered claims one person holds (the per-person cap). */
  async openClaims(db: Executor, userId: string): Promise<number> {
    const { n } = await db
      .selectFrom('wishes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('claimer_user_id', '=', userId)
      .where('status', '=', 'claimed')
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /**
   * Claims whose time ran out: to remind (`reminded_at` unset), or to release — only once reminded
   * and the grace has passed since both the due time and the reminder.
   */
  dueClaims(now: string, releaseBefore: string, limit = 200) {
    return this.db
      .selectFrom('wishes')
      .select(['id', 'claim_due_at', 'reminded_at'])
      .where('status', '=', 'claimed')
      .where('claim_due_at', '<=', now)
      .where((eb) =>
        eb.or([eb('reminded_at', 'is', null), eb.and([eb('claim_due_at', '<=', releaseBefore), eb('reminded_at', '<=', releaseBefore)])]),
      )
      .orderBy('claim_due_at')
      .limit(limit)
      .execute();
  }
}
