/**
 * Entering a wish (the person, or staff 代录): the checks (community, group, value, no phone or
 * address in the title, the ID number's checksum, a household key for staff entries), then the
 * household's yearly cap and the cross-community duplicate check on every key the household is
 * known by, counted and written under a lock per key in one write transaction.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Clock, chinaDate } from '../../clock.js';
import { busyRetry } from '../../db/busy.js';
import { lockKeys } from '../../db/key-locks.js';
import type { DB } from '../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import { inTransaction } from '../../platform/executor.js';
import { idempotencyScope, rememberKey, seenKey } from '../../platform/idempotency.js';
import { rowInScope } from '../../platform/scope.js';
import { appendTimeline } from '../../platform/timeline.js';
import { type Actor, isStaff } from '../auth/actor.js';
import { type DriveStatus, mayReceive } from '../drives/drive.lifecycle.js';
import { communityInDrive } from '../drives/drives.policy.js';
import type { DrivesService } from '../drives/drives.service.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { Unit } from '../org/org.repository.js';
import type { OrgService } from '../org/org.service.js';
import { WISH_ENTITY } from './wish.workflow.js';
import { readWishConfig } from './wishes.config.js';
import { WISH_SCOPE, type WishRow } from './wishes.policy.js';
import { presentWish } from './wishes.presenter.js';
import { householdKeys, refuseContact, validIdNumber } from './wishes.privacy.js';
import type { WishesRepository } from './wishes.repository.js';
import type { CreateWishInput, WishView } from './wishes.schema.js';

export interface EntryDeps {
  db: Kysely<DB>;
  clock: Clock;
  org: OrgService;
  notices: NoticesService;
  repo: WishesRepository;
  drives: DrivesService;
}

export async function enterWish(
  d: EntryDeps,
  actor: Actor,
  input: CreateWishInput,
  opts: { idempotencyKey?: string } = {},
): Promise<{ wish: WishView; replayed: boolean }> {
  const community = await d.org.get(input.communityCode);
  if (community?.kind !== 'community')
    throw errors.validation('communityCode', `communityCode：社区 ${input.communityCode} 不存在`, `communityCode: unknown community`);
  const config = await readWishConfig(d.db);
  if (!config.groups.some((g) => g.code === input.groupCode))
    throw errors.validation('groupCode', 'groupCode：没有这个心愿类别', 'groupCode: no such group');
  if (input.valueYuan > config.valueCapYuan)
    throw errors.validation(
      'valueYuan',
      `valueYuan：每个心愿价值不超过 ${config.valueCapYuan} 元`,
      `valueYuan: a wish may be worth at most ${config.valueCapYuan} yuan`,
    );
  // The board's default text is made from the title: it may carry no phone and no address.
  refuseContact('title', input.title);
  if (input.idNumber && !validIdNumber(input.idNumber))
    throw errors.validation(
      'idNumber',
      'idNumber：身份证号校验位不正确，请核对',
      'idNumber: the check digit is wrong (GB 11643); please check the number',
    );
  const staff = isStaff(actor);
  if (
    staff &&
    !rowInScope(WISH_SCOPE, actor, {
      district_code: community.district_code,
      street_code: community.street_code,
      community_code: community.id,
      grid_code: null,
    })
  )
    throw errors.forbidden(`为“${community.name}”代录心愿`);
  const driveId = input.driveId ? await driveOfWish(d.drives, actor, input.driveId, community) : null;
  if (actor.kind !== 'user' && !input.recipientPhone)
    throw errors.validation(
      'recipientPhone',
      'recipientPhone：没有账号时请留下电话，以便告知进度',
      'recipientPhone: without an account, leave a phone to be told of progress',
    );
  // Staff entering for someone name the household (never their own account).
  if (staff && !input.idNumber && !input.recipientPhone && !input.householdNo)
    throw errors.validation(
      'idNumber',
      'idNumber：代录时请填写受助人的身份证号、电话或户籍户号之一',
      'idNumber: when entering for someone, give their ID number, phone or register household number',
    );
  const keys = householdKeys({
    idNumber: input.idNumber,
    phone: input.recipientPhone,
    householdNo: input.householdNo,
    // A person posting for themselves is also known by their account.
    userId: actor.kind === 'user' && !staff ? actor.userId : undefined,
  });
  const now = d.clock.now();
  const year = Number(chinaDate(now).slice(0, 4));
  const key = opts.idempotencyKey;
  const scope = key ? idempotencyScope(actor, input) : '';

  return busyRetry(() =>
    inTransaction(d.db, undefined, async (trx) => {
      if (key) {
        const seen = await seenKey(trx, scope, key, WISH_ENTITY);
        if (seen) return { wish: presentWish((await d.repo.byId(seen, trx)) as WishRow, { full: true, private: true }), replayed: true };
      }
      await lockKeys(
        trx,
        keys.map((k) => `wish-household:${k}`),
      );
      if ((await d.repo.householdCount(trx, keys, year)) >= config.householdYearlyCap)
        throw errors.conflict(
          `同一家庭每年最多 ${config.householdYearlyCap} 个心愿，今年已满`,
          `A household may post at most ${config.householdYearlyCap} wishes a year; this year's are used`,
          { field: 'household' },
        );
      const elsewhere = await d.repo.openElsewhere(trx, keys, community.id);
      if (elsewhere) {
        const other = await d.org.get(elsewhere.community_code, trx);
        throw errors.conflict(
          `该家庭在${other?.name ?? '其他社区'}已有未完成的心愿`,
          'This household already has an open wish in another community',
          { field: 'household' },
        );
      }
      const id = randomUUID();
      const row: WishRow = {
        id,
        number: `XY${chinaDate(now).replace(/-/g, '')}${randomBytes(3).toString('hex').toUpperCase()}`,
        status: 'submitted',
        version: 1,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        district_code: community.district_code,
        street_code: community.street_code,
        community_code: community.id,
        grid_code: null,
        group_code: input.groupCode,
        title: input.title,
        story: input.story ?? null,
        value_yuan: input.valueYuan,
        recipient_name: input.recipientName,
        recipient_age: input.recipientAge ?? null,
        recipient_phone: input.recipientPhone ?? null,
        household_key: keys[0] as string,
        board_text: null,
        contact_mode: 'worker',
        contact_name: null,
        contact_phone: null,
        phone_consent: input.phoneConsent ? 1 : 0,
        photo_consent: input.photoConsent ? 1 : 0,
        channel: staff ? 'proxy' : 'self',
        poster_user_id: actor.kind === 'user' && !staff ? actor.userId : null,
        poster_phone: input.recipientPhone ?? null,
        entered_by: actor.kind === 'user' ? actor.userId : null,
        claimer_user_id: null,
        claimer_name: null,
        claimer_unit_id: null,
        claimed_at: null,
        claim_due_at: null,
        reminded_at: null,
        fulfilled_at: null,
        service_record_id: null,
        confirmed_at: null,
        decline_reason: null,
        request_id: null,
        drive_id: driveId,
        year,
        demo: 0,
      };
      await d.repo.insert(trx, row, keys);
      await appendTimeline(trx, [
        { entity: { type: WISH_ENTITY, id }, at: row.created_at, actor, action: 'create', from: null, to: 'submitted', note: null },
      ]);
      await d.notices.tell(trx, {
        event: 'wish.create.community',
        entity: { type: WISH_ENTITY, id },
        recipients: [{ unit: community.id }],
        vars: { number: row.number, title: row.title },
        actor,
      });
      if (key) await rememberKey(trx, scope, key, { type: WISH_ENTITY, id }, row.created_at);
      return { wish: presentWish(row, { full: true, private: true }), replayed: false };
    }),
  );
}

/**
 * The drive a staff entry names: one the staff may see (the drives' own read and policy), not
 * closed, whose area holds the wish's community. Anything else is a 400 naming `driveId`.
 */
async function driveOfWish(drives: DrivesService, actor: Actor, id: string, community: Unit): Promise<string> {
  const refuse = (zh: string, en: string) => errors.validation('driveId', `driveId：${zh}`, `driveId: ${en}`);
  if (!isStaff(actor)) throw refuse('只有工作人员可以把心愿归入活动', 'only staff may put a wish in a drive');
  const drive = await drives.load(actor, id).catch((e) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw refuse('没有这个活动，或不在您的辖区', 'no such drive in your area');
    throw e;
  });
  if (!mayReceive(drive.status as DriveStatus)) throw refuse('该活动已结束', 'the drive is closed');
  if (!communityInDrive(drive, community)) throw refuse('心愿所在社区不在该活动范围内', "the wish's community is outside the drive's area");
  return drive.id;
}
