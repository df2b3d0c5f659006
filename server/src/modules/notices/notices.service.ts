/**
 * Telling people what happened. A workflow's declaration says who is told of each action
 * (`tell` in platform/workflow.ts); the module's service hands those recipients here, inside the
 * step's transaction: every account gets a notice in its inbox; a person without an account (a
 * resident following a request by phone) gets an SMS through the outbox — queued in the same
 * transaction and sent by a job (retried with back-off), so a step that rolls back tells no one.
 * Anyone may turn notices off.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import type { EntityRef } from '../../platform/timeline.js';
import type { Recipient } from '../../platform/workflow.js';
import type { Actor } from '../auth/actor.js';
import type { JobsService } from '../jobs/jobs.service.js';
import type { NoticeView } from './notices.responses.js';
import { type Lang, type NoticeVars, renderNotice } from './notices.templates.js';

const textsOff = new AsyncLocalStorage<true>();

/**
 * Runs `fn` sending no SMS (inbox notices to accounts are still written): the demo seeds replay
 * wishes, drives and inspections for made-up people whose made-up mobile numbers may be someone's
 * real one, so a demo start must never queue a text to them.
 */
export function withoutTexts<T>(fn: () => Promise<T>): Promise<T> {
  return textsOff.run(true, fn);
}

import { isMobile, type SmsAdapter } from './sms.js';

export type { Recipient } from '../../platform/workflow.js';

export interface Telling {
  /** `<entity>.<action>.<audience>`, a key of notices.templates.ts. */
  event: string;
  entity: EntityRef;
  recipients: Recipient[];
  vars: NoticeVars;
  /** Variables for the SMS text only (a one-time code): never stored in `notices.vars`, never logged. */
  secret?: NoticeVars;
  /** The one who acted is not told of their own step. */
  actor?: Actor;
}

export type { NoticeView } from './notices.responses.js';

const digits = (s: string) => s.replace(/\D/g, '');
const phoneKey = (phone: string) => createHash('sha256').update(digits(phone)).digest('hex');
export const SMS_JOB = 'notice.sms';

export class NoticesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly sms: SmsAdapter,
  ) {
    jobs.register(SMS_JOB, { maxAttempts: 6, run: (payload) => this.deliver((payload as { smsId: string }).smsId) });
  }

  /** Files the notices of one step, in its transaction. */
  async tell(trx: Executor, t: Telling): Promise<number> {
    const now = this.clock.now().toISOString();
    const self = t.actor?.kind === 'user' ? t.actor.userId : null;
    const users = new Set<string>();
    const phones = new Set<string>();
    for (const r of t.recipients) {
      if ('user' in r) users.add(r.user);
      else if ('phone' in r) {
        if (isMobile(r.phone)) phones.add(r.phone.replace(/\D/g, ''));
      } else {
        const staff = await trx.selectFrom('users').select('id').where('unit_id', '=', r.unit).where('disabled', '=', 0).execute();
        for (const s of staff) users.add(s.id);
      }
    }
    if (self) users.delete(self);
    const muted = new Set(
      (
        await trx
          .selectFrom('notice_optouts')
          .select('who')
          .where('who', 'in', [...[...users].map((u) => `user:${u}`), ...[...phones].map(phoneKey), ''])
          .execute()
      ).map((m) => m.who),
    );
    const base = {
      event: t.event,
      entity_type: t.entity.type,
      entity_id: t.entity.id,
      vars: JSON.stringify(t.vars),
      created_at: now,
      read_at: null,
    };
    let n = 0;
    for (const u of users) {
      if (muted.has(`user:${u}`)) continue;
      await trx
        .insertInto('notices')
        .values({ ...base, id: randomUUID(), user_id: u, sms_id: null })
        .execute();
      n++;
    }
    for (const phone of textsOff.getStore() ? [] : phones) {
      if (muted.has(phoneKey(phone))) continue;
      const smsId = randomUUID();
      await trx
        .insertInto('sms_outbox')
        .values({
          id: smsId,
          to_phone: phone,
          text: `【连心】${renderNotice(t.event, { ...t.vars, ...t.secret }, 'zh')}查询进度或关闭短信提醒：连心“查询进度”页。`,
          status: 'queued',
          provider: null,
          provider_id: null,
          created_at: now,
          sent_at: null,
        })
        .execute();
      await trx
        .insertInto('notices')
        .values({ ...base, id: randomUUID(), user_id: null, sms_id: smsId })
        .execute();
      await this.jobs.schedule(trx, { kind: SMS_JOB, payload: { smsId }, key: `sms:${smsId}` });
      n++;
    }
    return n;
  }

  /** The SMS job: sends a queued text once (a retried job finds it sent and stops). */
  private async deliver(smsId: string): Promise<void> {
    const row = await this.db.selectFrom('sms_outbox').selectAll().where('id', '=', smsId).executeTakeFirst();
    if (!row || row.status === 'sent') return;
    const { providerId } = await this.sms.send(row.to_phone, row.text, row.id);
    await this.db
      .updateTable('sms_outbox')
      .set({ status: 'sent', provider: this.sms.name, provider_id: providerId, sent_at: this.clock.now().toISOString() })
      .where('id', '=', smsId)
      .execute();
  }

  // ---- the inbox ------------------------------------------------------------------------------

  async inbox(actor: Actor, lang: Lang, page = 1, pageSize = 20): Promise<{ items: NoticeView[]; unread: number }> {
    const userId = this.userOf(actor);
    const rows = await this.db
      .selectFrom('notices')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        event: r.event,
        entityType: r.entity_type,
        entityId: r.entity_id,
        text: renderNotice(r.event, JSON.parse(r.vars) as NoticeVars, lang),
        createdAt: r.created_at,
        read: r.read_at !== null,
      })),
      unread: await this.unread(actor),
    };
  }

  async unread(actor: Actor): Promise<number> {
    const r = await this.db
      .selectFrom('notices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', this.userOf(actor))
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Marks one notice (or, without an id, all) of the caller's as read; another's is "not found". */
  async markRead(actor: Actor, id?: string): Promise<{ unread: number }> {
    let q = this.db
      .updateTable('notices')
      .set({ read_at: this.clock.now().toISOString() })
      .where('user_id', '=', this.userOf(actor))
      .where('read_at', 'is', null);
    if (id) q = q.where('id', '=', id);
    const r = await q.executeTakeFirst();
    if (id && Number(r.numUpdatedRows) === 0) {
      const mine = await this.db
        .selectFrom('notices')
        .select('id')
        .where('id', '=', id)
        .where('user_id', '=', this.userOf(actor))
        .executeTakeFirst();
      if (!mine) throw errors.notFound('通知', 'Notice');
    }
    return { unread: await this.unread(actor) };
  }

  // ---- turning notices off --------------------------------------------------------------------

  async preferences(actor: Actor): Promise<{ muted: boolean }> {
    const row = await this.db
      .selectFrom('notice_optouts')
      .select('who')
      .where('who', '=', `user:${this.userOf(actor)}`)
      .executeTakeFirst();
    return { muted: !!row };
  }

  async setMuted(actor: Actor, muted: boolean): Promise<{ muted: boolean }> {
    await this.setOptOut(`user:${this.userOf(actor)}`, muted);
    return { muted };
  }

  async phoneMuted(phone: string): Promise<boolean> {
    return !!(await this.db.selectFrom('notice_optouts').select('who').where('who', '=', phoneKey(phone)).executeTakeFirst());
  }

  /** A resident without an account turns SMS off (or on) for their phone, once proven. */
  async setPhoneMuted(phone: string, muted: boolean): Promise<{ muted: boolean }> {
    await this.setOptOut(phoneKey(phone), muted);
    return { muted };
  }

  private async setOptOut(who: string, muted: boolean): Promise<void> {
    if (muted)
      await this.db
        .insertInto('notice_optouts')
        .values({ who, created_at: this.clock.now().toISOString() })
        .onConflict((oc) => oc.column('who').doNothing())
        .execute();
    else await this.db.deleteFrom('notice_optouts').where('who', '=', who).execute();
  }

  private userOf(actor: Actor): string {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    return actor.userId;
  }
}
