/**
 * The request's workflow: its state machine (lifecycle.ts) plus what each action does. Guards say
 * when an action the table allows may not be taken now; effects say what it changes besides the
 * status and what the timeline records. Each effect is small and pure apart from `trx`.
 */
import { chinaMonth } from '../../clock.js';
import { errors } from '../../errors.js';
import { appendTimeline, lastTimelineEntry } from '../../platform/timeline.js';
import { defineWorkflow, type Effect, type Guard, type Recipient, type Tell } from '../../platform/workflow.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { Sla } from '../categories/sla.js';
import type { OrgService } from '../org/org.service.js';
import { type Action, isOpen, type Performer, REQUEST_MACHINE, type Status } from './lifecycle.js';
import { canDispatchTo, inScope, signerTakes } from './requests.policy.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { ActionInput } from './requests.schema.js';

export const REQUEST_ENTITY = 'request';

/** What the request's effects read besides the row: the working calendar and the category's limits. */
export interface RequestStepContext {
  calendar: WorkingCalendar;
  sla: Sla['normal'] | undefined;
  org: OrgService;
  repo: RequestsRepository;
}

type RequestEffect<A extends Action> = Effect<RequestRow, Extract<ActionInput, { action: A }>, Performer, RequestStepContext>;
type RequestGuard = Guard<RequestRow, Performer>;

const noteOf = (input: ActionInput): string | null => ('note' in input ? (input.note ?? null) : null);
const onTime = (deadline: string | null, at: string) => (deadline === null || at <= deadline ? 1 : 0);

const noExtensionPending: RequestGuard = (r) =>
  r.extension_pending ? errors.conflict('已有待审批的延期申请', 'An extension request is already pending') : null;
const extensionPending: RequestGuard = (r) =>
  r.extension_pending ? null : errors.conflict('没有待审批的延期申请', 'There is no pending extension request');

const guards: Partial<Record<Action, RequestGuard>> = {
  // One pending request at a time: a second one would silently replace the days asked for.
  request_extension: noExtensionPending,
  approve_extension: extensionPending,
  deny_extension: extensionPending,
  supervise: (r) => (r.supervised ? errors.conflict('该诉求已在督办中', 'This request is already supervised') : null),
  // The resident may ask for the work to be redone only after an unsatisfied rating; dispatchers always may.
  reopen: (r, performers) =>
    !performers.has('dispatcher') && r.rating !== 'unsatisfied'
      ? errors.conflict('只有评价为“不满意”时才能申请重办', 'Only an unsatisfied rating can be reopened')
      : null,
};

const dispatch: RequestEffect<'dispatch'> = async ({ actor, input, now, trx, ctx }) => {
  const target = await ctx.org.require(input.handlerUnitId, 'handlerUnitId', trx);
  if (target.kind === 'district' || target.kind === 'city')
    throw errors.validation('handlerUnitId', 'handlerUnitId：不能派给区本级', 'handlerUnitId: cannot dispatch to the district itself');
  if (!canDispatchTo(actor, target)) throw errors.forbidden(`派单给“${target.name}”`);
  return {
    patch: {
      handler_unit_id: target.id,
      dispatched_at: now.toISOString(),
      sign_deadline: ctx.sla ? ctx.calendar.deadline(now, ctx.sla.sign).toISOString() : null,
    },
    note: noteOf(input),
    data: { handlerUnitId: target.id, handlerName: target.name },
  };
};

const approveExtension: RequestEffect<'approve_extension'> = async ({ row: r, input, now, trx, ctx }) => {
  const at = now.toISOString();
  const asked = await lastTimelineEntry(trx, { type: REQUEST_ENTITY, id: r.id }, 'request_extension');
  const days = asked?.data ? Number((JSON.parse(asked.data) as { days: number }).days) : 0;
  if (!days) throw errors.conflict('没有待审批的延期申请', 'There is no pending extension request');
  // A deadline of N working days is the midnight that ends the N-th day; count on from that
  // day (the instant just before the deadline), not from the day the midnight opens.
  const from = r.resolve_deadline && r.resolve_deadline > at ? new Date(new Date(r.resolve_deadline).getTime() - 1) : now;
  const deadline = ctx.calendar.addWorkingDays(from, days).toISOString();
  return { patch: { extension_pending: 0, resolve_deadline: deadline, overdue: 0 }, note: noteOf(input), data: { days, deadline } };
};

const reopen: RequestEffect<'reopen'> = ({ row: r, input, now, ctx }) => {
  const fresh = (limit: keyof NonNullable<RequestStepContext['sla']>) =>
    ctx.sla ? ctx.calendar.deadline(now, ctx.sla[limit]).toISOString() : null;
  return {
    patch: {
      reopen_count: r.reopen_count + 1,
      signed_at: null,
      contacted_at: null,
      resolved_at: null,
      rating: null,
      rating_resolved: null,
      rating_comment: null,
      rated_at: null,
      period_month: null,
      dispatched_at: now.toISOString(),
      // Fresh deadlines, the contact one too: the reopened work is judged from now.
      sign_deadline: fresh('sign'),
      contact_deadline: fresh('contact'),
      resolve_deadline: fresh('resolve'),
      overdue: 0,
    },
    note: input.reason,
    data: { previousRating: r.rating },
  };
};

const merge: RequestEffect<'merge'> = async ({ actor, row: r, input, now, trx, ctx }) => {
  const target = await ctx.repo.byIdOrNumber(input.targetId, trx);
  if (!target || !inScope(actor, target))
    throw errors.validation('targetId', 'targetId：要合并到的诉求不存在', 'targetId: the request to merge into does not exist');
  if (target.id === r.id) throw errors.validation('targetId', 'targetId：不能合并到自身', 'targetId: cannot merge a request into itself');
  if (!isOpen(target.status as Status))
    throw errors.validation('targetId', 'targetId：只能合并到未办结的诉求', 'targetId: the target request is no longer open');
  const at = now.toISOString();
  await appendTimeline(trx, [
    {
      entity: { type: REQUEST_ENTITY, id: target.id },
      at,
      actor,
      action: 'comment',
      from: target.status,
      to: target.status,
      note: `合并了重复诉求 ${r.number}`,
      data: { mergedFrom: r.id },
    },
  ]);
  return {
    patch: { merged_into_id: target.id, closed_at: at },
    note: noteOf(input),
    data: { targetId: target.id, targetNumber: target.number },
  };
};

/** The one who filed it: their account, else the phone they left (anonymous reporters too: they chose to give it). */
const reporterOf = (r: RequestRow): Recipient[] =>
  r.reporter_user_id ? [{ user: r.reporter_user_id }] : r.reporter_phone ? [{ phone: r.reporter_phone }] : [];
const handlerOf = (r: RequestRow): Recipient[] => (r.handler_unit_id ? [{ unit: r.handler_unit_id }] : []);
const toReporter = (r: RequestRow): Tell[] => [{ audience: 'reporter', to: reporterOf(r) }];
const toHandler = (r: RequestRow): Tell[] => [{ audience: 'handler', to: handlerOf(r) }];

export const REQUEST_WORKFLOW = defineWorkflow<Status, Action, Performer, RequestRow, ActionInput, RequestStepContext>({
  machine: REQUEST_MACHINE,
  entityType: REQUEST_ENTITY,
  table: 'requests',
  guards,
  effects: {
    dispatch,
    sign: ({ actor, row, input, now }) => {
      // A grid worker signing a community-level request takes it into their grid; the version
      // check of the update makes the first signer win (requests.policy.ts, signerTakes).
      const takenBy = signerTakes(actor, row);
      const patch = { signed_at: now.toISOString(), ...(takenBy ? { handler_unit_id: takenBy } : {}) };
      return { patch, note: noteOf(input), ...(takenBy ? { data: { handlerUnitId: takenBy, from: row.handler_unit_id } } : {}) };
    },
    contact: ({ row, input, now }) => {
      const at = now.toISOString();
      return { patch: { contacted_at: at, contacted_in_time: onTime(row.contact_deadline, at) }, note: noteOf(input) };
    },
    resolve: ({ row, input, now }) => {
      const at = now.toISOString();
      return {
        patch: {
          reply: input.reply,
          resolved_at: at,
          resolved_on_time: onTime(row.resolve_deadline, at),
          handling_seconds: Math.round((now.getTime() - new Date(row.created_at).getTime()) / 1000),
        },
        note: input.reply,
      };
    },
    rate: ({ input, now }) => ({
      patch: {
        rating: input.rating,
        rating_resolved: input.resolved ? 1 : 0,
        rating_comment: input.comment ?? null,
        rated_at: now.toISOString(),
        period_month: chinaMonth(now),
      },
      note: input.comment ?? null,
      data: { rating: input.rating, resolved: input.resolved },
    }),
    close: ({ input, now }) => ({ patch: { closed_at: now.toISOString() }, note: noteOf(input) }),
    return: ({ row, input }) => ({
      patch: { handler_unit_id: null, signed_at: null, sign_deadline: null },
      note: input.reason,
      data: { from: row.handler_unit_id },
    }),
    request_extension: ({ input }) => ({ patch: { extension_pending: 1 }, note: input.reason, data: { days: input.days } }),
    approve_extension: approveExtension,
    deny_extension: ({ input }) => ({ patch: { extension_pending: 0 }, note: input.reason }),
    supervise: ({ input }) => ({ patch: { supervised: 1 }, note: noteOf(input) }),
    reopen,
    reject: ({ input, now }) => ({ patch: { closed_at: now.toISOString() }, note: input.reason }),
    merge,
    comment: ({ input }) => ({ patch: {}, note: input.note }),
  },
  // Steps others take that someone waits for; the handler's own steps are on the timeline.
  tell: {
    dispatch: (r) => [...toHandler(r), ...toReporter(r)],
    resolve: toReporter,
    reject: toReporter,
    supervise: toHandler,
    reopen: toHandler,
    approve_extension: toHandler,
    deny_extension: toHandler,
  },
});
