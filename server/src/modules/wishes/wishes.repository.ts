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

  byPoster(userId: string): Promise<WishRow[]> {
    return this.db.selectFrom('wishes').selectAll().where('poster_user_id', '=', userId).orderBy('created_at', 'desc').limit(200).execute();
  }

  /** What a person claimed and still holds, then what they delivered (a withdrawn claim leaves no trace here). */
  byClaimer(userId: string): Promise<WishRow[]> {
    return this.db
      .selectFrom('wishes')
      .selectAll()
      .where('claimer_user_id', '=', userId)
      .orderBy('claimed_at', 'desc')
      .limit(200)
      .execute();
  }

  async householdCount(db: Executor, householdKey: string, year: number): Promise<number> {
    const { n } = await db
      .selectFrom('wishes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('household_key', '=', householdKey)
      .where('year', '=', year)
      .where('status', 'in', COUNTED)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** An open wish of the same household in another community: the duplicate check. */
  openElsewhere(db: Executor, householdKey: string, communityCode: string): Promise<Pick<WishRow, 'community_code'> | undefined> {
    return db
      .selectFrom('wishes')
      .select('community_code')
      .where('household_key', '=', householdKey)
      .where('community_code', '<>', communityCode)
      .where('status', 'in', [...OPEN])
      .executeTakeFirst();
  }

  /** Claims whose time ran out: to remind (`reminded_at` unset), or past the grace to release. */
  dueClaims(now: string, releaseBefore: string, limit = 200) {
    return this.db
      .selectFrom('wishes')
      .select(['id', 'claim_due_at', 'reminded_at'])
      .where('status', '=', 'claimed')
      .where((eb) =>
        eb.or([eb.and([eb('claim_due_at', '<=', now), eb('reminded_at', 'is', null)]), eb('claim_due_at', '<=', releaseBefore)]),
      )
      .orderBy('claim_due_at')
      .limit(limit)
      .execute();
  }
}
