/**
 * The benchmark's floor for request intake (bench/, `npm run bench`): POST /api/_bench/baseline
 * takes the same body as POST /api/requests, validates it with the same zod schema and the same
 * error path, and does ONE plain INSERT of that payload (every field of the body, an id, a time).
 * No routing, no category or calendar, no counters, no timeline, no idempotency lookup. The ratio intake / baseline shows what the
 * request engine costs on top of HTTP + JSON + validation + one write.
 *
 * Registered only when LIANXIN_BENCH=1 (see app.ts), so a production server never has it; the
 * table it writes to is created on registration and is not part of the schema.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { timeOrderedId } from '../db/ids.js';
import { errors } from '../errors.js';
import { createRequestBody } from '../modules/requests/requests.schema.js';
import type { Services } from '../services.js';
import { describeIssues } from './zod-messages.js';

export async function registerBenchBaseline(server: FastifyInstance, s: Services): Promise<void> {
  await sql`drop table if exists bench_baseline`.execute(s.db);
  await sql`create table bench_baseline (
    id text primary key,
    kind text not null,
    category_code text not null,
    urgency text not null,
    title text,
    description text not null,
    channel text,
    lat double precision,
    lng double precision,
    community_code text,
    address text,
    anonymous integer not null,
    reporter_name text,
    reporter_phone text,
    photos text,
    created_at text not null
  )`.execute(s.db);

  server.post('/api/_bench/baseline', async (req, reply) => {
    const r = createRequestBody.safeParse(req.body);
    if (!r.success) throw errors.validationIssues(describeIssues(r.error.issues, 'body'));
    const b = r.data;
    // Ids made as intake makes them (time-ordered), so that both write the same kind of key.
    const id = timeOrderedId();
    const createdAt = new Date().toISOString();
    await sql`insert into bench_baseline (id, kind, category_code, urgency, title, description, channel, lat, lng,
        community_code, address, anonymous, reporter_name, reporter_phone, photos, created_at)
      values (${id}, ${b.kind}, ${b.categoryCode}, ${b.urgency}, ${b.title ?? null}, ${b.description}, ${b.channel ?? null},
        ${b.location?.lat ?? null}, ${b.location?.lng ?? null}, ${b.communityCode ?? null}, ${b.address ?? null},
        ${b.anonymous ? 1 : 0}, ${b.reporterName ?? null}, ${b.reporterPhone ?? null},
        ${b.photos.length ? JSON.stringify(b.photos) : null}, ${createdAt})`.execute(s.db);
    reply.code(201);
    return { id, createdAt };
  });
}
