/**
 * Recipients and deliveries of a drive. A household is listed once (its ID number and its phone
 * are each unique in the drive: the loser of a race is told which field and whom). A delivery
 * takes exactly the recipient's entitlement, deducts stock (never below zero: one conditional
 * UPDATE) and is signed for by the recipient — a signature photo, the one-time code sent to their
 * phone, or a staff call-back afterwards. A household receives once per drive unless its delivery
 * is voided: the database's partial unique index decides any race; the loser is told who and when.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { chinaDate } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import type { Executor } from '../../platform/executor.js';
import { idempotencyScope, rememberKey, seenKey } from '../../platform/idempotency.js';
import { appendTimeline } from '../../platform/timeline.js';
import { type Actor, actorLabel } from '../auth/actor.js';
import type { NoticesService } from '../notices/notices.service.js';
import { maskName, maskPhone } from '../requests/requests.presenter.js';
import { DELIVERY_ENTITY, DELIVERY_WORKFLOW, type DeliveryStepContext, deliveryActions } from './delivery.workflow.js';
import { mayDeliver } from './drive.lifecycle.js';
import { DRIVE_ENTITY, type DriveRow, isStaleVersion } from './drive.workflow.js';
import { entitlement, hashCode, householdKey, spendCode, verifyCode } from './drive-recipient-rules.js';
import { communityInDrive, deliveryPerformers, requireOrganiser } from './drives.policy.js';
import { maskIdNumber, presentDelivery, presentRecipient } from './drives.presenter.js';
import type { DeliveryRow, RecipientRow } from './drives.repository.js';
import type {
  DeliveryActionInput,
  DeliveryInput,
  deliveryView,
  RecipientInput,
  recipientListView,
  recipientView,
} from './drives.schema.js';
import type { DrivesService } from './drives.service.js';

const isUnique = (e: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE'].includes((e as { code?: string })?.code ?? '');

export class DriveDeliveriesService {
  constructor(
    private readonly drives: DrivesService,
    private readonly notices: NoticesService,
  ) {}

  private get db(): Kysely<DB> {
    return this.drives.db;
  }
  private get repo() {
    return this.drives.repo;
  }

  async addRecipient(actor: Actor, driveId: string, input: RecipientInput, extra: { demo?: boolean; sendCode?: boolean } = {}) {
    const key = householdKey(input);
    if (!key)
      throw errors.validation(
        'idNumber',
        'idNumber：身份证号和手机号至少填写一项（用于识别同一户）',
        'idNumber: give an ID number or a mobile number (to tell households apart)',
      );
    const community = await this.drives.org.get(input.communityCode);
    const id = randomUUID();
    const code = input.phone && extra.sendCode !== false ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;
    try {
      await this.db.transaction().execute(async (trx) => {
        const d = await this.drives.load(actor, driveId, trx);
        requireOrganiser(actor, d);
        if (d.status === 'closed') throw errors.conflict('活动已结束，不能再添加受助对象', 'The drive is closed; no more recipients');
        if (!community || !communityInDrive(d, community))
          throw errors.validation(
            'communityCode',
            'communityCode：须为本活动范围内的社区',
            'communityCode: must be a community inside the drive’s area',
          );
        await this.refuseListed(trx, d.id, input);
        const item = await this.drives.itemOf(trx, d.id, input.itemId ?? (await this.onlyItem(trx, d.id)));
        await trx
          .insertInto('drive_recipients')
          .values({
            id,
            drive_id: d.id,
            name: input.name,
            phone: input.phone ?? null,
            id_number: input.idNumber?.toUpperCase() ?? null,
            household_key: key,
            district_code: community.district_code,
            street_code: community.street_code,
            community_code: community.id,
            reason: input.reason,
            item_id: item.id,
            quantity: input.quantity,
            code_hash: code ? hashCode(id, code) : null,
            code_attempts: 0,
            demo: extra.demo ? 1 : 0,
            created_by: actorLabel(actor).id,
            created_at: this.drives.clock.now().toISOString(),
          })
          .execute();
        await this.drives.audit.record(trx, actor, 'drives.recipient_added', DRIVE_ENTITY, d.id, { recipientId: id });
        if (code && input.phone)
          await this.notices.tell(trx, {
            event: 'drive_recipient.code.recipient',
            entity: { type: DRIVE_ENTITY, id: d.id },
            recipients: [{ phone: input.phone }],
            vars: { drive: d.title },
            secret: { code },
          });
      });
    } catch (e) {
      // Lost a race to the same household listed at the same moment: the index refused this one.
      if (isUnique(e)) await this.refuseListed(this.db, driveId, input);
      throw e;
    }
    const r = (await this.repo.recipient(id))!;
    return presentRecipient(r, community?.name ?? '', null);
  }

  /** 409 when the ID number or the phone is already in the drive, naming the field and the entry (masked). */
  private async refuseListed(db: Executor, driveId: string, input: RecipientInput): Promise<void> {
    const idNumber = input.idNumber?.toUpperCase() ?? null;
    const prior = await this.repo.listedAs(driveId, { idNumber, phone: input.phone ?? null }, db);
    if (!prior) return;
    const field = idNumber && prior.id_number === idNumber ? 'idNumber' : 'phone';
    const same = field === 'idNumber' ? `身份证号 ${maskIdNumber(prior.id_number)}` : `手机号 ${maskPhone(prior.phone)}`;
    const sameEn = field === 'idNumber' ? `ID number ${maskIdNumber(prior.id_number)}` : `phone ${maskPhone(prior.phone)}`;
    throw errors.conflict(
      `${field}：${same} 已在本活动的受助名单中（${maskName(prior.name)}），同一户只登记一次`,
      `${field}: ${sameEn} is already on the drive’s list (${maskName(prior.name)}); a household is listed once`,
      { field, recipientId: prior.id },
    );
  }

  async listRecipients(actor: Actor, driveId: string): Promise<z.infer<typeof recipientListView>> {
    const d = await this.drives.load(actor, driveId);
    const recipients = await this.repo.recipients(d.id);
    const deliveries = await this.deliveryViews(actor, d);
    const units = await this.drives.org.list();
    const name = (code: string) => units.find((u) => u.id === code)?.name ?? code;
    const items = recipients.map((r) => presentRecipient(r, name(r.community_code), deliveries.get(r.id) ?? null));
    return { items, total: items.length };
  }

  /** Each delivery of the drive as the actor sees it (with what they may do next), by recipient. */
  private async deliveryViews(actor: Actor, d: DriveRow): Promise<Map<string, z.infer<typeof deliveryView>>> {
    const rows = await this.repo.deliveries(d.id);
    const items = new Map((await this.repo.items([d.id])).map((i) => [i.id, i.name]));
    const photos = await this.repo.photos(rows.map((r) => r.id));
    const performers = deliveryPerformers(actor, d);
    return new Map(
      rows.map((r) => [
        r.recipient_id,
        presentDelivery(r, items.get(r.item_id) ?? '', photos.get(r.id) ?? [], deliveryActions(actor, r, performers)),
      ]),
    );
  }

  /** The whole phone and ID number, for the staff who call or visit; every view is audited. */
  async contact(actor: Actor, driveId: string, recipientId: string) {
    const d = await this.drives.load(actor, driveId);
    const r = await this.recipientOf(this.db, d, recipientId, 'childId');
    await this.drives.audit.record(this.db, actor, 'drives.recipient_contact_viewed', DRIVE_ENTITY, d.id, { recipientId: r.id });
    return { name: r.name, phone: r.phone, idNumber: r.id_number };
  }

  private async recipientOf(db: Executor, d: DriveRow, id: string, field: string): Promise<RecipientRow> {
    const r = await this.repo.recipient(id, db);
    if (!r || r.drive_id !== d.id)
      throw errors.validation(field, `${field}：不是本活动的受助对象`, `${field}: not a recipient of this drive`);
    return r;
  }

  /** Checks a one-time code before the step's transaction (a wrong guess is counted even though the step fails). */
  private async verifyCode(d: DriveRow, recipientId: string, code: string): Promise<string> {
    await this.recipientOf(this.db, d, recipientId, 'recipientId');
    return verifyCode(this.db, recipientId, code);
  }

  private async attach(trx: Executor, actor: Actor, deliveryId: string, photos: readonly string[]): Promise<void> {
    const n = await attachUploads(trx, { type: DELIVERY_ENTITY, id: deliveryId }, photos, actorLabel(actor).id);
    if (n !== photos.length)
      throw errors.validation(
        'confirmation.photos',
        'confirmation.photos：照片不存在、不是您上传的或已被使用',
        'confirmation.photos: a photo does not exist, is not yours, or is already used',
      );
  }

  async deliver(actor: Actor, driveId: string, input: DeliveryInput, key?: string): Promise<z.infer<typeof deliveryView>> {
    const c = input.confirmation;
    const scope = idempotencyScope(actor, input);
    // Scope first (out of scope is "not found"); a replayed key answers with what it made, before any code is checked.
    const d0 = await this.drives.load(actor, driveId);
    if (!deliveryPerformers(actor, d0).has('deliverer')) throw errors.forbidden('发放物资');
    const replayed = key ? await seenKey(this.db, scope, key, DELIVERY_ENTITY) : undefined;
    if (replayed) return this.replay(actor, driveId, input, replayed);
    const codeHash = c.method === 'code' ? await this.verifyCode(d0, input.recipientId, c.code) : null;
    let recipient: RecipientRow | undefined;
    let d: DriveRow | undefined;
    let deliveryId: string = randomUUID();
    try {
      await this.db.transaction().execute(async (trx) => {
        d = await this.drives.load(actor, driveId, trx);
        if (!deliveryPerformers(actor, d).has('deliverer')) throw errors.forbidden('发放物资');
        if (key) {
          const seen = await seenKey(trx, scope, key, DELIVERY_ENTITY);
          if (seen) {
            deliveryId = await this.sameRequest(trx, driveId, input, seen);
            return;
          }
        }
        if (!mayDeliver(d.status))
          throw errors.conflict(
            `活动${d.status === 'closed' ? '已结束' : '尚未开始发放'}，不能发放`,
            `The drive is ${d.status === 'closed' ? 'closed' : 'not distributing yet'}`,
          );
        recipient = await this.recipientOf(trx, d, input.recipientId, 'recipientId');
        await this.refuseSecond(trx, d.id, recipient);
        const item = await this.drives.itemOf(trx, d.id, entitlement(recipient, input).itemId);
        const at = this.drives.clock.now().toISOString();
        const who = actorLabel(actor);
        const confirmed = c.method !== 'callback';
        await trx
          .insertInto('drive_deliveries')
          .values({
            id: deliveryId,
            drive_id: d.id,
            recipient_id: recipient.id,
            household_key: recipient.household_key,
            item_id: item.id,
            quantity: recipient.quantity,
            status: confirmed ? 'confirmed' : 'delivered',
            version: 1,
            confirm_method: confirmed ? c.method : null,
            confirmed_by: confirmed ? who.id : null,
            confirmed_by_name: confirmed ? who.name : null,
            confirmed_at: confirmed ? at : null,
            note: input.note ?? null,
            delivered_by: who.id,
            delivered_by_name: who.name,
            delivered_at: at,
            district_code: recipient.district_code,
            community_code: recipient.community_code,
            demo: recipient.demo,
            created_at: at,
            updated_at: at,
          })
          .execute();
        if (!(await this.repo.deductStock(trx, item.id, recipient.quantity)))
          throw errors.conflict(
            `库存不足：${item.name}仅剩 ${(await this.repo.item(item.id, trx))?.stock ?? 0} ${item.unit_label}`,
            `Not enough stock: ${(await this.repo.item(item.id, trx))?.stock ?? 0} of “${item.name}” left`,
            { field: 'quantity' },
          );
        if (codeHash) await spendCode(trx, recipient.id, codeHash);
        if (c.method === 'photo') await this.attach(trx, actor, deliveryId, c.photos);
        await appendTimeline(trx, [
          {
            entity: { type: DELIVERY_ENTITY, id: deliveryId },
            at,
            actor,
            action: 'create',
            from: null,
            to: confirmed ? 'confirmed' : 'delivered',
            note: input.note ?? null,
            photos: c.method === 'photo' ? c.photos : null,
            data: { method: c.method, itemId: item.id, quantity: recipient.quantity },
          },
        ]);
        if (key) await rememberKey(trx, scope, key, { type: DELIVERY_ENTITY, id: deliveryId }, at);
      });
    } catch (e) {
      // Lost the race to another delivery for the same household: the index refused this one.
      if (isUnique(e) && d && recipient) await this.refuseSecond(this.db, d.id, recipient);
      throw e;
    }
    return this.deliveryView(actor, driveId, deliveryId);
  }

  /** A replayed Idempotency-Key answers with what it made, only if it was made for the same drive and recipient. */
  private async replay(actor: Actor, driveId: string, input: DeliveryInput, deliveryId: string) {
    await this.sameRequest(this.db, driveId, input, deliveryId);
    return this.deliveryView(actor, driveId, deliveryId);
  }

  private async sameRequest(db: Executor, driveId: string, input: DeliveryInput, deliveryId: string): Promise<string> {
    const prior = await this.repo.delivery(deliveryId, db);
    if (!prior || prior.drive_id !== driveId || prior.recipient_id !== input.recipientId)
      throw errors.conflict(
        'Idempotency-Key：此键已用于另一次发放（不同的活动或受助对象），请换一个新键',
        'Idempotency-Key: this key was used for another delivery (another drive or recipient); use a new key',
        { field: 'Idempotency-Key' },
      );
    return deliveryId;
  }

  /** 409 naming the delivery that already reached this household (when, by whom). */
  private async refuseSecond(db: Executor, driveId: string, r: RecipientRow): Promise<void> {
    const prior = await this.repo.deliveryOfHousehold(driveId, r.household_key, db);
    if (!prior) return;
    throw errors.conflict(
      `该户已于 ${chinaDate(new Date(prior.delivered_at))} 领取过本活动的物资（经办人：${prior.delivered_by_name}），同一户不能重复发放`,
      `This household already received this drive's parcel on ${chinaDate(new Date(prior.delivered_at))} (by ${prior.delivered_by_name}); one per household`,
      { field: 'recipientId', deliveryId: prior.id },
    );
  }

  private async onlyItem(trx: Executor, driveId: string): Promise<string> {
    const items = await this.repo.items([driveId], trx);
    if (items.length !== 1)
      throw errors.validation('itemId', 'itemId：本活动有多种物资，请选择发放哪一种', 'itemId: this drive has several items; choose one');
    return items[0]!.id;
  }

  async deliveryAction(actor: Actor, driveId: string, deliveryId: string, input: DeliveryActionInput) {
    const c = input.action === 'confirm' ? input.confirmation : null;
    const d0 = await this.drives.load(actor, driveId);
    const pre = await this.repo.delivery(deliveryId);
    if (!pre || pre.drive_id !== d0.id) throw errors.notFound('发放记录', 'Delivery');
    const codeHash = c?.method === 'code' ? await this.verifyCode(d0, pre.recipient_id, c.code) : null;
    const ctx: DeliveryStepContext = {
      checkCode: async (trx, recipientId) => {
        if (codeHash) await spendCode(trx, recipientId, codeHash);
      },
      attachPhotos: (trx, a, id, photos) => this.attach(trx, a, id, photos),
      returnStock: (trx, itemId, quantity) => this.repo.returnStock(trx, itemId, quantity),
    };
    await this.db.transaction().execute(async (trx) => {
      const d = await this.drives.load(actor, driveId, trx);
      const row = await this.repo.delivery(deliveryId, trx);
      if (!row || row.drive_id !== d.id) throw errors.notFound('发放记录', 'Delivery');
      await DELIVERY_WORKFLOW.take({
        trx,
        actor,
        // The version the client saw: `take` updates only if the row is still at it (else STALE_VERSION).
        row: { ...row, version: input.version },
        input,
        performers: deliveryPerformers(actor, d),
        now: this.drives.clock.now(),
        ctx,
        photos: c?.method === 'photo' ? c.photos : undefined,
      }).catch((e) => {
        throw isStaleVersion(e)
          ? errors.conflict(
              '该发放记录刚刚被他人更新，请刷新后重试',
              'Someone else updated this delivery a moment ago; reload and try again',
              {
                field: 'version',
              },
            )
          : e;
      });
    });
    return this.deliveryView(actor, driveId, deliveryId);
  }

  private async deliveryView(actor: Actor, driveId: string, deliveryId: string): Promise<z.infer<typeof deliveryView>> {
    const d = await this.drives.load(actor, driveId);
    const row = (await this.repo.delivery(deliveryId)) as DeliveryRow;
    const item = await this.repo.item(row.item_id);
    const photos = (await this.repo.photos([row.id])).get(row.id) ?? [];
    return presentDelivery(row, item?.name ?? '', photos, deliveryActions(actor, row, deliveryPerformers(actor, d)));
  }

  /** Who may open a signature photo: whoever may see the delivery's drive. */
  async mayOpenPhoto(actor: Actor, deliveryId: string): Promise<boolean> {
    const row = await this.repo.delivery(deliveryId);
    if (!row) return false;
    const d = await this.repo.byId(row.drive_id);
    return !!d && deliveryPerformers(actor, d).has('deliverer');
  }
}

export type RecipientView = z.infer<typeof recipientView>;
