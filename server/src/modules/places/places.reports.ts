import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import type { OrgService } from '../org/org.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import type { PlaceCatalogue } from './places.catalogue.js';
import type { PlaceReportCreated } from './places.responses.js';
import { PROBLEM_NAMES, type reportBody } from './places.schema.js';

/** Problems residents report about a place, turned into requests for its managing unit. */
export class PlaceReports {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly org: OrgService,
    private readonly requests: RequestsService,
    private readonly catalogue: PlaceCatalogue,
  ) {}

  /**
   * A resident reports a problem with a place: a normal request, dispatched to the place's
   * managing unit — both steps in one transaction, so the resident gets a number for a request
   * that is where it should be, or an error and nothing at all (a retry files no duplicate).
   */
  async report(
    actor: Actor,
    id: string,
    input: z.infer<typeof reportBody>,
    opts: { idempotencyKey?: string } = {},
  ): Promise<PlaceReportCreated> {
    const p = await this.catalogue.find(id);
    if (p?.public !== 1 || p.status === 'removed') throw errors.notFound('场所', 'Place');
    return this.db.transaction().execute(async (trx) => {
      const created = await this.requests.create(
        actor,
        {
          kind: 'problem',
          categoryCode: 'facility',
          urgency: 'normal',
          title: `${p.name}：${PROBLEM_NAMES[input.problem]}`,
          description: input.description,
          location: { lat: p.lat, lng: p.lng },
          address: [p.name, p.address].filter(Boolean).join(' '),
          anonymous: input.anonymous,
          reporterPhone: input.reporterPhone,
          photos: [],
          // The point is the public place's own, already on the public map: nothing to coarsen.
          publicLocation: true,
        },
        { trx, idempotencyKey: opts.idempotencyKey },
      );
      let request = created.request;
      // A place the command centre itself manages is left for it to dispatch, like a place with no unit.
      const unit = p.managing_unit_id ? await this.org.get(p.managing_unit_id, trx) : undefined;
      if (unit && unit.kind !== 'district' && unit.kind !== 'city' && request.status === 'accepted') {
        const detail = await this.requests.transition(
          { kind: 'system', job: 'place-report' },
          request.id,
          { action: 'dispatch', handlerUnitId: unit.id, note: `场所问题，派至管理单位（${PROBLEM_NAMES[input.problem]}）` },
          { trx },
        );
        request = detail.request;
      }
      return {
        number: request.number,
        status: request.status,
        handlerUnitId: request.handlerUnitId,
        trackCode: created.trackCode,
        replayed: created.replayed,
      };
    });
  }
}
