/**
 * Workflows as data. A programme declares its state machine — statuses, which are open, actions,
 * transitions with who may take them, guards, and the effect of each action — and this one small
 * mechanism runs it: checks the transition, applies the guard and the effect, updates the row only
 * if nobody changed it since it was read, and writes the step to the one timeline, all in the
 * caller's transaction. docs/adr/0004-workflows-as-data.md says why; the request's declaration
 * (modules/requests/request.workflow.ts) is the pattern, and its table-driven test the test pattern.
 */
import { sql, type Updateable } from 'kysely';
import type { DB } from '../db/schema.js';
import { type AppError, errors } from '../errors.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Executor } from './executor.js';
import { appendTimeline, type TimelineEntry } from './timeline.js';

export interface Label {
  zh: string;
  en: string;
}

export interface Transition<S extends string, P extends string> {
  from: readonly S[];
  /** 'same' = the status does not change (a flag or a note is recorded). */
  to: S | 'same';
  by: readonly P[];
}

export type TransitionCheck<S extends string> = { ok: true; to: S } | { ok: false; reason: 'status' } | { ok: false; reason: 'performer' };

/** What an action changes besides the status, and what its timeline entry says. */
export interface EffectResult<Row> {
  patch: Partial<Row>;
  note: string | null;
  data?: Record<string, unknown>;
}

/** Everything an effect may look at; it writes only through `trx`. */
export interface Step<Row, Input, P extends string, Ctx> {
  actor: Actor;
  row: Row;
  input: Input;
  performers: ReadonlySet<P>;
  now: Date;
  trx: Executor;
  ctx: Ctx;
}

export type Effect<Row, Input, P extends string, Ctx> = (step: Step<Row, Input, P, Ctx>) => Promise<EffectResult<Row>> | EffectResult<Row>;

/** Who is told of a step: an account, the staff of a unit, or a phone (someone without an account). */
export type Recipient = { user: string } | { unit: string } | { phone: string };

/** One audience of a step ("handler", "reporter" …) and who is in it, from the row as the step left it. */
export interface Tell {
  audience: string;
  to: Recipient[];
}

/** Hands a step's audiences to the notices, inside the step's transaction. */
export type Notify<Row> = (trx: Executor, told: Tell[], step: { action: string; after: Row; actor: Actor }) => Promise<void>;

/** A narrowing the state table cannot express: null when the action may be taken, else why not. */
export type Guard<Row, P extends string> = (row: Row, performers: ReadonlySet<P>) => AppError | null;

type ActionOf<I> = I extends { action: infer A extends string } ? A : never;

/** The state table of a workflow: pure data, checked pair by pair by its table-driven test. */
export interface MachineDeclaration<S extends string, A extends string, P extends string> {
  statuses: readonly S[];
  /** Statuses in which the item is still being worked on (the sweeps, queues and counts read this). */
  open: readonly S[];
  actions: readonly A[];
  transitions: Record<A, Transition<S, P>>;
  statusNames: Record<S, Label>;
  actionNames: Record<A | 'create', Label>;
}

export class StateMachine<S extends string, A extends string, P extends string> {
  constructor(readonly decl: MachineDeclaration<S, A, P>) {}

  /** Pure: may `performers` take `action` in `status`, and where does it go? */
  check(status: S, action: A, performers: ReadonlySet<P>): TransitionCheck<S> {
    const rule = this.decl.transitions[action];
    if (!rule.from.includes(status)) return { ok: false, reason: 'status' };
    if (!rule.by.some((p) => performers.has(p))) return { ok: false, reason: 'performer' };
    return { ok: true, to: rule.to === 'same' ? status : rule.to };
  }

  /** What the state table lets these performers do now, before guards. */
  actionsFor(status: S, performers: ReadonlySet<P>): A[] {
    return this.decl.actions.filter((a) => this.check(status, a, performers).ok);
  }

  isOpen(status: string): boolean {
    return (this.decl.open as readonly string[]).includes(status);
  }
}

export function defineMachine<S extends string, A extends string, P extends string>(
  decl: MachineDeclaration<S, A, P>,
): StateMachine<S, A, P> {
  return new StateMachine(decl);
}

/** A state machine plus what its actions do: the guards and one effect per action. */
export interface WorkflowDeclaration<S extends string, A extends string, P extends string, Row, Input extends { action: A }, Ctx> {
  machine: StateMachine<S, A, P>;
  /** The entity type its timeline, attachments and idempotency keys are filed under. */
  entityType: string;
  /** The table whose rows it moves; each has `id`, `status`, `version` and `updated_at`. */
  table: keyof DB;
  guards?: Partial<Record<A, Guard<Row, P>>>;
  /** One effect per action: a missing one is a compile error. */
  effects: { [K in A]: Effect<Row, Extract<Input, { action: K }>, P, Ctx> };
  /** Who is told of which action (the texts are the notices module's templates, per event and audience). */
  tell?: Partial<Record<A, (after: Row) => Tell[]>>;
}

interface VersionedRow {
  id: string;
  status: string;
  version: number;
}

export class Workflow<S extends string, A extends string, P extends string, Row extends VersionedRow, Input extends { action: A }, Ctx> {
  readonly machine: StateMachine<S, A, P>;

  constructor(readonly decl: WorkflowDeclaration<S, A, P, Row, Input, Ctx>) {
    this.machine = decl.machine;
  }

  /** What these performers may do with this row now: the state table narrowed by the guards. */
  available(row: Row, performers: ReadonlySet<P>): A[] {
    return this.machine.actionsFor(row.status as S, performers).filter((a) => !this.decl.guards?.[a]?.(row, performers));
  }

  isOpen(status: string): boolean {
    return this.machine.isOpen(status);
  }

  /**
   * Takes one step inside `trx`: transition, guard, effect, a conditional update of the row
   * (the version as read: a concurrent step makes this one fail with STALE_VERSION), and its
   * timeline entry. Returns what was written so the caller can attach files or tell people.
   */
  async take(args: {
    trx: Executor;
    actor: Actor;
    row: Row;
    input: Input;
    performers: ReadonlySet<P>;
    now: Date;
    ctx: Ctx;
    /** The timeline's label for a caller proven without an account. */
    as?: TimelineEntry['as'];
    photos?: readonly string[];
    /** Where the audiences the declaration names for this action are handed (the notices module). */
    notify?: Notify<Row>;
  }): Promise<{ to: S; patch: Partial<Row>; entry: TimelineEntry; told: Tell[] }> {
    const { trx, row, input, performers, now } = args;
    const action = input.action as A & ActionOf<Input>;
    const check = this.machine.check(row.status as S, action, performers);
    if (!check.ok) {
      if (check.reason === 'status') throw errors.invalidTransition(action, row.status);
      throw errors.forbidden(`“${action}”`);
    }
    const refused = this.decl.guards?.[action]?.(row, performers);
    if (refused) throw refused;
    const effect = this.decl.effects[action] as Effect<Row, Input, P, Ctx>;
    const { patch, note, data } = await effect({ actor: args.actor, row, input, performers, now, trx, ctx: args.ctx });
    const at = now.toISOString();
    const updated = await trx
      .updateTable(this.decl.table)
      .set({ ...(patch as Updateable<DB[keyof DB]>), status: check.to, updated_at: at, version: row.version + 1 } as never)
      .where(sql.ref('id'), '=', row.id)
      .where(sql.ref('version'), '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.staleVersion();
    const entry: TimelineEntry = {
      entity: { type: this.decl.entityType, id: row.id },
      at,
      actor: args.actor,
      as: args.as,
      action,
      from: row.status,
      to: check.to,
      note,
      photos: args.photos,
      data,
    };
    await appendTimeline(trx, [entry]);
    const after = { ...row, ...patch, status: check.to, version: row.version + 1, updated_at: at } as Row;
    const told = (this.decl.tell?.[action]?.(after) ?? []).filter((t) => t.to.length > 0);
    if (told.length && args.notify) await args.notify(trx, told, { action, after, actor: args.actor });
    return { to: check.to, patch, entry, told };
  }
}

export function defineWorkflow<
  S extends string,
  A extends string,
  P extends string,
  Row extends VersionedRow,
  Input extends { action: A },
  Ctx,
>(decl: WorkflowDeclaration<S, A, P, Row, Input, Ctx>): Workflow<S, A, P, Row, Input, Ctx> {
  return new Workflow(decl);
}
