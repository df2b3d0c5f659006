import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, chinaMonth } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { PlaceCatalogue } from './places.catalogue.js';
import { canManagePlace } from './places.policy.js';
import type { checkinBody, eventBody } from './places.schema.js';

/** What happens at a place: outdoor workers' check-ins (counts, no personal data), their statistics, and events. */
export class PlaceActivity {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly catalogue: PlaceCatalogue,
  ) {}

  /** The events still to come and this month's check-ins by worker group, for a place's page. */
  async ofPlace(id: string) {
    const now = this.clock.now().toISOString();
    const events = await this.db
      .selectFrom('place_events')
      .selectAll()
      .where('place_id', '=', id)
      .where((eb) => eb.or([eb('ends_at', '>=', now), eb.and([eb('ends_at', 'is', null), eb('starts_at', '>=', now.slice(0, 10))])]))
      .orderBy('starts_at')
      .limit(20)
      .execute();
    const checkins = await this.db
      .selectFrom('place_checkins')
      .select((eb) => ['worker_group', eb.fn.sum<number>('people').as('people')])
      .where('place_id', '=', id)
      .where('month', '=', chinaMonth(this.clock.now()))
      .groupBy('worker_group')
      .execute();
    return {
      events: events.map((e) => ({
        id: e.id,
        title: e.title,
        description: e.description,
        organiser: e.organiser,
        startsAt: e.starts_at,
        endsAt: e.ends_at,
      })),
      checkins: checkins.map((x) => ({ group: x.worker_group, people: Number(x.people) })),
    };
  }

  /** Outdoor workers check in at a station: a count by worker group, no personal data. */
  async checkin(id: string, input: z.infer<typeof checkinBody>): Promise<{ ok: true }> {
    const p = await this.catalogue.find(id);
    if (p?.public !== 1 || p.status !== 'active') throw errors.notFound('场所', 'Place');
    if (p.type_code !== 'station') throw errors.validation('id', 'id：只有爱心驿站可以签到', 'id: check-ins are for stations only');
    const now = this.clock.now();
    await this.db
      .insertInto('place_checkins')
      .values({ place_id: id, worker_group: input.group, people: input.people, at: now.toISOString(), month: chinaMonth(now) })
      .execute();
    return { ok: true };
  }

  /** Use per station and per worker group for a month, in the actor's scope. */
  async checkinStats(actor: Actor, month: string = chinaMonth(this.clock.now())) {
    const rows = await this.db
      .selectFrom('place_checkins')
      .innerJoin('places', 'places.id', 'place_checkins.place_id')
      .select((eb) => [
        'places.id as place_id',
        'places.name',
        'places.district_code',
        'places.street_code',
        'places.community_code',
        'places.managing_unit_id',
        'place_checkins.worker_group',
        eb.fn.sum<number>('place_checkins.people').as('people'),
      ])
      .where('place_checkins.month', '=', month)
      .groupBy([
        'places.id',
        'places.name',
        'places.district_code',
        'places.street_code',
        'places.community_code',
        'places.managing_unit_id',
        'place_checkins.worker_group',
      ])
      .execute();
    const visible = rows.filter((r) => canManagePlace(actor, r));
    const byStation = new Map<string, { placeId: string; name: string; total: number; groups: Record<string, number> }>();
    const byGroup: Record<string, number> = {};
    for (const r of visible) {
      const s = byStation.get(r.place_id) ?? { placeId: r.place_id, name: r.name, total: 0, groups: {} };
      s.groups[r.worker_group] = Number(r.people);
      s.total += Number(r.people);
      byStation.set(r.place_id, s);
      byGroup[r.worker_group] = (byGroup[r.worker_group] ?? 0) + Number(r.people);
    }
    return {
      month,
      stations: [...byStation.values()].sort((a, b) => b.total - a.total),
      groups: byGroup,
      total: Object.values(byGroup).reduce((a, b) => a + b, 0),
    };
  }

  async addEvent(actor: Actor, id: string, input: z.infer<typeof eventBody>) {
    const p = await this.catalogue.loadLive(id);
    if (!p || !canManagePlace(actor, p)) throw errors.notFound('场所', 'Place');
    if (input.endsAt && input.endsAt < input.startsAt)
      throw errors.validation('endsAt', 'endsAt：结束时间早于开始时间', 'endsAt: ends before it starts');
    const eventId = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('place_events')
        .values({
          id: eventId,
          place_id: id,
          title: input.title,
          description: input.description ?? null,
          organiser: input.organiser ?? null,
          starts_at: new Date(input.startsAt).toISOString(),
          ends_at: input.endsAt ? new Date(input.endsAt).toISOString() : null,
          created_by: actor.kind === 'user' ? actor.userId : null,
          created_at: this.clock.now().toISOString(),
        })
        .execute();
      await this.audit.record(trx, actor, 'place.event_added', 'place', id, input);
    });
    return { id: eventId };
  }
}
