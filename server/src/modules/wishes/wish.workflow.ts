/**
 * The wish's workflow: its state machine (wish.lifecycle.ts) plus what each action does. Effects
 * write other entities only through `trx`: the service record of a delivery, the request a wish
 * turns into.
 */
import { lockKeys } from '../../db/key-locks.js';
import { AppError, errors } from '../../errors.js';
import type { ServiceRecordsService } from '../../platform/service-records/service-records.service.js';
import { appendTimeline } from '../../platform/timeline.js';
import { defineWorkflow, type Effect, type Recipient, type Tell } from '../../platform/workflow.js';
import type { RequestsService } from '../requests/requests.service.js';
import { WISH_MACHINE, type WishAction, type WishPerformer, type WishStatus } from './wish.lifecycle.js';
import type { WishRow } from './wishes.policy.js';
import { defaultBoardText } from './wishes.presenter.js';
import { refuseContact } from './wishes.privacy.js';
import type { WishStepInput } from './wishes.schema.js';

export const WISH_ENTITY = 'wish';
const DAY_MS = 86_400_000;

export interface WishStepContext {
  serviceRecords: ServiceRecordsService;
  requests: RequestsService;
  /** The phone on the publishing staff member's account: the default delivery contact. */
  staffPhone: string | null;
}

type WishEffect<A extends WishAction> = Effect<WishRow, Extract<WishStepInput, { action: A }>, WishPerformer, WishStepContext>;

const noClaimer = {
  claimer_user_id: null,
  claimer_name: null,
  claimer_unit_id: null,
  claimed_at: null,
  claim_due_at: null,
  reminded_at: null,
};

const publish: WishEffect<'publish'> = ({ actor, row, input, ctx }) => {
  // What the board will show: the text given, else the default made from the title.
  refuseContact('boardText', input.boardText ?? defaultBoardText(row));
  // The claimer's contact: the recipient's own phone only if they agreed and staff named no worker.
  const recipient = row.phone_consent === 1 && !input.contactPhone && row.recipient_phone !== null;
  const workerPhone = input.contactPhone ?? ctx.staffPhone;
  if (!recipient && !workerPhone)
    throw errors.validation(
      'contactPhone',
      'contactPhone：请填写送达时联系的社区工作人员电话',
      'contactPhone: give the phone of the community worker the claimer should call',
    );
  return {
    patch: {
      board_text: input.boardText ?? null,
      contact_mode: recipient ? 'recipient' : 'worker',
      contact_name: recipient ? null : (input.contactName ?? (actor.kind === 'user' ? actor.name : null)),
      contact_phone: recipient ? null : workerPhone,
    },
    note: input.note ?? null,
  };
};

const claim: WishEffect<'claim'> = async ({ actor, input, now, trx }) => {
  if (actor.kind !== 'user') throw errors.unauthenticated();
  // One person's claims are counted and written one at a time (PostgreSQL; SQLite has one writer).
  await lockKeys(trx, [`wish-claimer:${actor.userId}`]);
  const { n } = await trx
    .selectFrom('wishes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('claimer_user_id', '=', actor.userId)
    .where('status', '=', 'claimed')
    .executeTakeFirstOrThrow();
  if (Number(n) >= input.openClaimsCap)
    throw errors.conflict(
      `您已认领 ${n} 个尚未送达的心愿，请先送达再认领新的心愿`,
      `You hold ${n} claimed wishes not yet delivered; deliver them before claiming another`,
      { openClaims: Number(n) },
    );
  return {
    patch: {
      claimer_user_id: actor.userId,
      claimer_name: actor.name,
      claimer_unit_id: input.asUnit ?? null,
      claimed_at: now.toISOString(),
      claim_due_at: new Date(now.getTime() + input.claimDays * DAY_MS).toISOString(),
      reminded_at: null,
    },
    note: null,
    data: input.asUnit ? { asUnit: input.asUnit } : undefined,
  };
};

const fulfil: WishEffect<'fulfil'> = async ({ actor, row, input, trx, ctx }) => {
  if (actor.kind !== 'user') throw errors.unauthenticated();
  const { record } = await ctx.serviceRecords.record(
    actor,
    {
      person: { userId: actor.userId },
      entity: { type: WISH_ENTITY, id: row.id },
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      note: `微心愿 ${row.number}`,
      place: { districtCode: row.district_code, streetCode: row.street_code, communityCode: row.community_code, gridCode: null },
    },
    trx,
  );
  return { patch: { fulfilled_at: input.endedAt, service_record_id: record.id }, note: input.note ?? null };
};

/** The community confirms the claimer's service record; false when there is none pending. */
async function confirmRecord(args: Parameters<WishEffect<'confirm'>>[0] | Parameters<WishEffect<'verify'>>[0]): Promise<boolean> {
  const { actor, row, trx, ctx } = args;
  if (!row.service_record_id) return false;
  const rec = await ctx.serviceRecords.get(actor, row.service_record_id, trx);
  if (rec.status !== 'pending') return false;
  await ctx.serviceRecords.confirm(actor, rec.id, rec.version, trx);
  return true;
}

const confirm: WishEffect<'confirm'> = async (args) => {
  const { input, performers, now } = args;
  // Staff confirm the claimer's time too; after the recipient's confirmation they verify it.
  if (performers.has('community')) await confirmRecord(args);
  const how = input.byPhone ? '（工作人员电话回访确认）' : '';
  return {
    patch: { confirmed_at: now.toISOString() },
    note: input.note ? `${input.note}${how}` : how || null,
    data: { byPhone: input.byPhone },
  };
};

const verify: WishEffect<'verify'> = async (args) => {
  if (!(await confirmRecord(args)))
    throw errors.conflict('服务时长已确认，无需再次确认', 'The service time is already confirmed', { field: 'action' });
  return { patch: {}, note: args.input.note ?? null };
};

/** Whoever claimed and delivered a wish does not confirm it, nor their own time (403). */
const notTheClaimer = (_row: WishRow, performers: ReadonlySet<WishPerformer>) =>
  performers.has('claimer')
    ? new AppError(
        'FORBIDDEN',
        '不能确认自己认领并送达的心愿，请由社区其他工作人员或受助人确认',
        'You cannot confirm a wish you claimed and delivered yourself; another community worker or the recipient confirms it',
      )
    : null;

const convert: WishEffect<'convert'> = async ({ actor, row, input, now, trx, ctx }) => {
  const { request } = await ctx.requests.create(
    actor,
    {
      kind: 'problem',
      categoryCode: input.categoryCode,
      urgency: 'normal',
      description: `${row.title}${row.story ? `：${row.story}` : ''}（由微心愿 ${row.number} 转入）`,
      channel: 'proxy',
      communityCode: row.community_code,
      anonymous: false,
      reporterName: row.recipient_name,
      reporterPhone: row.recipient_phone ?? undefined,
      photos: [],
      publicLocation: false,
    },
    { trx },
  );
  await appendTimeline(trx, [
    {
      entity: { type: 'request', id: request.id },
      at: now.toISOString(),
      actor,
      action: 'comment',
      from: request.status,
      to: request.status,
      note: `由微心愿 ${row.number} 转为诉求`,
      data: { fromWish: row.id },
    },
  ]);
  return { patch: { request_id: request.id }, note: input.note ?? null, data: { requestId: request.id, requestNumber: request.number } };
};

const reasonOnly = <A extends 'decline' | 'withdraw' | 'cancel'>(patch: (reason: string) => Partial<WishRow>): WishEffect<A> =>
  (({ input }: { input: { reason: string } }) => ({ patch: patch(input.reason), note: input.reason })) as WishEffect<A>;

/** The person told of each step: their account, else the phone given (by SMS). */
const posterOf = (w: WishRow): Recipient[] =>
  w.poster_user_id ? [{ user: w.poster_user_id }] : w.poster_phone ? [{ phone: w.poster_phone }] : [];
const claimerOf = (w: WishRow): Recipient[] => (w.claimer_user_id ? [{ user: w.claimer_user_id }] : []);
const communityOf = (w: WishRow): Recipient[] => [{ unit: w.community_code }];
const tell = (audience: string, to: (w: WishRow) => Recipient[]) => (w: WishRow) => [{ audience, to: to(w) }];
const both =
  (...fs: ((w: WishRow) => Tell[])[]) =>
  (w: WishRow) =>
    fs.flatMap((f) => f(w));

export const WISH_WORKFLOW = defineWorkflow<WishStatus, WishAction, WishPerformer, WishRow, WishStepInput, WishStepContext>({
  machine: WISH_MACHINE,
  entityType: WISH_ENTITY,
  table: 'wishes',
  guards: { confirm: notTheClaimer, verify: notTheClaimer },
  effects: {
    publish,
    decline: reasonOnly((reason) => ({ decline_reason: reason })),
    claim,
    withdraw: reasonOnly(() => noClaimer),
    remind: ({ now }) => ({ patch: { reminded_at: now.toISOString() }, note: null }),
    release: () => ({ patch: noClaimer, note: '认领超时未送达，退回心愿墙' }),
    fulfil,
    confirm,
    verify,
    convert,
    cancel: reasonOnly(() => ({})),
  },
  tell: {
    publish: tell('poster', posterOf),
    decline: tell('poster', posterOf),
    claim: both(tell('poster', posterOf), tell('community', communityOf)),
    // The claimer of a withdraw by staff, and of a release, is told by the service (the row after has no claimer).
    withdraw: both(tell('community', communityOf), tell('poster', posterOf)),
    release: tell('poster', posterOf),
    cancel: tell('poster', posterOf),
    verify: tell('claimer', claimerOf),
    remind: tell('claimer', claimerOf),
    fulfil: both(tell('poster', posterOf), tell('community', communityOf)),
    confirm: both(tell('poster', posterOf), tell('claimer', claimerOf)),
    convert: tell('poster', posterOf),
  },
});
