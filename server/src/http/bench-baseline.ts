/**
 * The benchmark's floor for request intake (bench/, `npm run bench`): POST /api/_bench/baseline
 * takes the same body as POST /api/requests, validates it with the same zod schema and the same
 * error path, and does ONE plain INSERT of a few columns. No routing, no category or calendar,
 * no counters, no timeline, no idempotency lookup. The ratio intake / baseline shows what the
 * request engine costs on top of HTTP + JSON + validation + one write.
 *
 * Registered only when LIANXIN_BENCH=1 (see app.ts), so a production server never has it; the
 * table it writes to is created on registration and is not part of the schema.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { errors } from '../errors.js';
import { createRequestBody } from '../modules/requests/requests.schema.js';
import type { Services } from '../services.js';
import { describeIssues } from './zod-messages.js';

export async function registerBenchBaseline(server: FastifyInstance, s: Services): Promise<void> {
  await sql`create table if not exists bench_baseline (
    id text primary key,
    category_code text not null,
    description text not null,
    lat double precision,
    lng double precision,
    created_at text not null
  )`.execute(s.db);

  server.post('/api/_bench/baseline', async (req, reply) => {
    const r = createRequestBody.safeParse(req.body);
    if (!r.success) throw errors.validationIssues(describeIssues(r.error.issues, 'body'));
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await sql`insert into bench_baseline (id, category_code, description, lat, lng, created_at)
      values (${id}, ${r.data.categoryCode}, ${r.data.description}, ${r.data.location?.lat ?? null}, ${r.data.location?.lng ?? null}, ${createdAt})`.execute(
      s.db,
    );
    reply.code(201);
    return { id, createdAt };
  });
}
