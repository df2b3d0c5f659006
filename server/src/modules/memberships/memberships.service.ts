/**
 * Memberships: a person may belong to more than one unit — their home community and the
 * co-building unit (共建单位) of their workplace (在职党员) — and acts for one of them at a time.
 * A call that acts for a unit names it (`asUnit`); this service says whether the caller may.
 * docs/roles.md ## Memberships.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { tokenId } from '../auth/auth.service.js';
import type { OrgService } from '../org/org.service.js';

export const MEMBERSHIP_ROLES = ['member', 'party_member', 'volunteer'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export interface MembershipView {
  unitId: string;
  unitName: string;
  unitKind: string;
  role: string;
  since: string;
  /** The account's own unit, listed first; it needs no membership row. */
  home: boolean;
}

export class MembershipsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  /** The units the actor may act for: their account's unit, then their memberships. */
  async of(actor: Actor, db: Executor = this.db): Promise<MembershipView[]> {
    if (actor.kind !== 'user') return [];
    const rows = await db
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .where('ended_at', 'is', null)
      .orderBy('since')
      .execute();
    const out: MembershipView[] = [];
    if (actor.unit)
      out.push({ unitId: actor.unit.id, unitName: actor.unit.name, unitKind: actor.unit.kind, role: 'member', since: '', home: true });
    for (const r of rows) {
      if (r.unit_id === actor.unit?.id) continue;
      const u = await this.org.get(r.unit_id, db);
      if (u) out.push({ unitId: u.id, unitName: u.name, unitKind: u.kind, role: r.role, since: r.since, home: false });
    }
    return out;
  }

  /**
   * The unit a call acts for, checked: a co-building unit the caller belongs to (their account's
   * own, or a current membership), or another unit of a current membership — never a staff
   * member's own office or community (they act for it anyway). Else 403 naming `asUnit`.
   */
  async actingFor(actor: Actor, asUnit: string | undefined, db: Executor = this.db): Promise<MembershipView | null> {
    if (!asUnit) return null;
    const found = (await this.of(actor, db)).find((m) => m.unitId === asUnit && mayActFor(m));
    if (!found) throw errors.forbidden(`以“${asUnit}”的名义（您不是该单位成员）`);
    return found;
  }

  /** The unit this session acts for, if one was chosen (and the person still belongs to it). */
  async remembered(actor: Actor, token: string | null): Promise<string | undefined> {
    if (!token || actor.kind !== 'user') return undefined;
    const s = await this.db.selectFrom('sessions').select('acting_unit_id').where('id', '=', tokenId(token)).executeTakeFirst();
    const unit = s?.acting_unit_id ?? undefined;
    return unit && (await this.of(actor)).some((m) => m.unitId === unit && mayActFor(m)) ? unit : undefined;
  }

  /** Remembers (for this session only) the unit the person acts for; null forgets it. */
  async remember(actor: Actor, token: string | null, unitId: string | null): Promise<{ actingUnitId: string | null }> {
    if (!token || actor.kind !== 'user') throw errors.unauthenticated();
    if (unitId) await this.actingFor(actor, unitId);
    await this.db.updateTable('sessions').set({ acting_unit_id: unitId }).where('id', '=', tokenId(token)).execute();
    return { actingUnitId: unitId };
  }

  /** Adds a person to a unit (the district's command centre, for now); audited. */
  async add(actor: Actor, input: { userId: string; unitId: string; role: MembershipRole; since?: string }): Promise<MembershipView[]> {
    const unit = await this.org.require(input.unitId, 'unitId');
    const user = await this.db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw errors.validation('userId', 'userId：账号不存在', 'userId: no such account');
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('memberships')
        .values({ user_id: input.userId, unit_id: unit.id, role: input.role, since: input.since ?? now.slice(0, 10), created_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'unit_id']).doUpdateSet({ role: input.role, ended_at: null }))
        .execute();
      await this.audit.record(trx, actor, 'membership.added', 'user', input.userId, { unitId: unit.id, role: input.role });
    });
    return this.current(input.userId);
  }

  /**
   * Ends a membership (the district's command centre); audited. The person no longer acts for the
   * unit: sessions acting for it are cleared in the same transaction. 404 when there is none current.
   */
  async end(actor: Actor, userId: string, unitId: string): Promise<MembershipView[]> {
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable('memberships')
        .set({ ended_at: now })
        .where('user_id', '=', userId)
        .where('unit_id', '=', unitId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) !== 1) throw errors.notFound('成员关系', 'Membership');
      await trx
        .updateTable('sessions')
        .set({ acting_unit_id: null })
        .where('user_id', '=', userId)
        .where('acting_unit_id', '=', unitId)
        .execute();
      await this.audit.record(trx, actor, 'membership.ended', 'user', userId, { unitId });
    });
    return this.current(userId);
  }

  private async current(userId: string): Promise<MembershipView[]> {
    const rows = await this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).where('ended_at', 'is', null).execute();
    return Promise.all(
      rows.map(async (r) => {
        const u = await this.org.get(r.unit_id);
        return { unitId: r.unit_id, unitName: u?.name ?? r.unit_id, unitKind: u?.kind ?? '', role: r.role, since: r.since, home: false };
      }),
    );
  }
}

const mayActFor = (m: MembershipView) => !m.home || m.unitKind === 'cobuild';
