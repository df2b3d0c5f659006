import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors, isAppError } from '../errors.js';
import { asRouteLimit, type LimitName, type RateLimitDecl } from '../modules/ratelimit/limits.js';
import { addressKey, type Payer, type RateLimiter, type Verdict } from '../modules/ratelimit/ratelimit.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's declared limit (RouteDef.rateLimit, or set for a plugin's routes in app.ts). */
    rateLimit?: RateLimitDecl;
    /** Charged in preHandler instead, once the body has named the caller (Open311's api_key). */
    rateLimitAfterBody?: boolean;
  }
  interface FastifyInstance {
    rateLimiter: RateLimiter;
  }
}

/** Signed-in callers pay from their account's budget, everyone else from their address's. */
export function payerOf(req: FastifyRequest): Payer {
  const a = req.actor;
  if (a?.kind === 'user') return { kind: 'account', id: `user:${a.userId}` };
  if (a?.kind === 'apikey') return { kind: 'account', id: `apikey:${a.keyId}` };
  return { kind: 'address', id: addressKey(req.ip) };
}

function refuse(req: FastifyRequest, reply: FastifyReply, v: Verdict, name: string, payer: Payer): void {
  if (v.allowed) return;
  // not an audit event (nothing changed); visible with LOG_LEVEL=info
  req.log.info({ limit: name, payer: `${payer.kind}:${payer.id}`, count: v.count, max: v.limit }, 'rate limited');
  reply.header('retry-after', String(v.retryAfter));
  throw errors.rateLimited(v.retryAfter);
}

/** One unit of the route's declared limit, charged to payerOf(req). */
export async function chargeRoute(limiter: RateLimiter, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const decl = req.routeOptions.config?.rateLimit;
  if (!decl || !limiter.enabled) return;
  const name = asRouteLimit(decl).name;
  const payer = payerOf(req);
  refuse(req, reply, await limiter.charge(name, payer), name, payer);
}

/** Charges `cost` units of another limit to the caller from inside a handler (e.g. bytes once they are known). */
export async function chargeCaller(req: FastifyRequest, reply: FastifyReply, name: LimitName, cost: number): Promise<void> {
  const limiter = req.server.rateLimiter;
  if (!limiter.enabled) return;
  const payer = payerOf(req);
  refuse(req, reply, await limiter.charge(name, payer, cost), name, payer);
}

/** onRequest, after the actor is known: one unit of the route's limit, before anything else is read. */
export function rateLimitHook(limiter: RateLimiter) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!req.routeOptions.config?.rateLimitAfterBody) await chargeRoute(limiter, req, reply);
  };
}

/**
 * Runs a handler under the route's failure rules: the guessed subject's budget is checked first
 * (refused whatever the answer would have been, so a refusal tells nothing), and a NOT_FOUND or
 * UNAUTHENTICATED answer costs the caller `failureCost` in total and the subject one unit.
 */
export async function withFailureCost<T>(
  limiter: RateLimiter,
  decl: RateLimitDecl | undefined,
  req: FastifyRequest,
  reply: FastifyReply,
  input: { params: unknown; query: unknown; body: unknown },
  run: () => Promise<T>,
): Promise<T> {
  const limit = decl && limiter.enabled ? asRouteLimit(decl) : null;
  if (!limit || (!limit.failureCost && !limit.subject)) return run();
  const subjectId = limit.subject?.of(input as never);
  const subject: Payer | null = subjectId ? { kind: 'subject', id: subjectId } : null;
  if (limit.subject && subject) refuse(req, reply, await limiter.hasRoom(limit.subject.name, subject), limit.subject.name, subject);
  try {
    return await run();
  } catch (e) {
    const failed = limit.failureOn ?? ((x) => x.code === 'NOT_FOUND' || x.code === 'UNAUTHENTICATED');
    if (isAppError(e) && failed(e)) {
      if (limit.failureCost && limit.failureCost > 1) await limiter.charge(limit.name, payerOf(req), limit.failureCost - 1);
      if (limit.subject && subject) await limiter.charge(limit.subject.name, subject, 1);
    }
    throw e;
  }
}
