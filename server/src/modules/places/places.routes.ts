import { z } from 'zod';
import { chinaMonth } from '../../clock.js';
import { errors } from '../../errors.js';
import { idempotencyKey } from '../../http/idempotency-key.js';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';
import { fieldSchema } from './place-types.js';
import { exportPlaces, importPlaces, readRows } from './places.io.js';
import { checkinBody, eventBody, nearestQuery, placeBody, placeIdParams, placeListQuery, reportBody } from './places.schema.js';

const DESK = ['district_admin', 'street_staff', 'community_staff', 'department_staff'] as const;

export async function unitsByName(s: Services): Promise<Map<string, string>> {
  const units = await s.org.list();
  return new Map(units.flatMap((u) => [[u.name, u.id] as [string, string], [u.id, u.id] as [string, string]]));
}

export const placesRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/place-types',
    summary: 'Place types and their own fields',
    tag: 'places',
    access: 'public',
    handler: async () => ({ items: await s.places.types() }),
  }),
  route({
    method: 'PUT',
    url: '/api/place-types/:code',
    summary: 'Create or edit a place type (command centre)',
    tag: 'places',
    access: ['district_admin'],
    params: z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) }),
    body: z.strictObject({
      name: z.string().trim().min(1).max(30),
      nameEn: z.string().trim().min(1).max(60),
      icon: z.string().max(40).default('environment'),
      fields: z.array(fieldSchema).max(20),
      active: z.boolean().default(true),
    }),
    handler: async ({ actor, params, body }) => s.places.saveType(actor, params.code, body),
  }),
  route({
    method: 'GET',
    url: '/api/places',
    summary: 'Public places: filter by type, community, words, open now',
    tag: 'places',
    access: 'public',
    query: placeListQuery,
    handler: async ({ query }) => s.places.list(null, query, false),
  }),
  route({
    method: 'GET',
    url: '/api/places/manage',
    summary: 'Places I manage (desk), public or not',
    tag: 'places',
    access: DESK,
    query: placeListQuery,
    handler: async ({ actor, query }) => s.places.list(actor, query, true),
  }),
  route({
    method: 'GET',
    url: '/api/places/nearest',
    summary: 'The nearest public places to a point (optionally of a type and open now)',
    tag: 'places',
    access: 'public',
    query: nearestQuery,
    handler: async ({ query }) => ({ items: await s.places.nearest(query) }),
  }),
  route({
    method: 'GET',
    url: '/api/places/export',
    summary: 'Places I manage as Excel or GeoJSON',
    tag: 'places',
    access: DESK,
    query: z.strictObject({ format: z.enum(['xlsx', 'geojson']).default('xlsx'), type: z.string().max(40).optional() }),
    handler: async ({ actor, query, reply }) => {
      const { items } = await s.places.list(actor, { type: query.type, page: 1, pageSize: 1_000_000 }, true, { unmask: true });
      await s.audit.record(s.db, actor, 'places.exported', 'place', null, {
        format: query.format,
        type: query.type ?? null,
        rows: items.length,
      });
      const body = await exportPlaces(items, await s.places.types(), query.format);
      const name = `便民场所-${s.clock.now().toISOString().slice(0, 10)}.${query.format}`;
      reply
        .type(query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/geo+json')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
      return reply.send(body);
    },
  }),
  route({
    method: 'POST',
    url: '/api/places/import',
    summary: 'Import places from Excel (.xlsx) or GeoJSON; dryRun=1 lists every bad row and imports nothing',
    tag: 'places',
    access: DESK,
    query: z.strictObject({ dryRun: z.enum(['0', '1']).default('1') }),
    rawBody: true,
    handler: async ({ actor, query, req, reply }) => {
      if (!req.isMultipart()) throw errors.unsupportedType('Content-Type', 'multipart/form-data');
      const file = await req.file({ limits: { fileSize: s.config.uploadLimitBytes, files: 1 } });
      if (!file) throw errors.validation('file', 'file：缺少文件', 'file: no file');
      const buf = await file.toBuffer();
      const kind = /\.(geo)?json$/i.test(file.filename) || buf.subarray(0, 1).toString() === '{' ? 'geojson' : 'xlsx';
      const rows = await readRows(buf, kind);
      const report = await importPlaces(
        { db: s.db, places: s.places, audit: s.audit, clock: s.clock, unitByName: await unitsByName(s) },
        actor,
        rows,
        { dryRun: query.dryRun === '1' },
      );
      if (!report.dryRun && report.errors.length) reply.code(400);
      return report;
    },
  }),
  route({
    method: 'GET',
    url: '/api/places/checkins/stats',
    summary: 'Station use per station and per worker group for a month',
    tag: 'places',
    access: DESK,
    query: z.strictObject({
      month: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
        .optional(),
    }),
    handler: async ({ actor, query }) => s.places.checkinStats(actor, query.month ?? chinaMonth(s.clock.now())),
  }),
  route({
    method: 'GET',
    url: '/api/places/:id',
    scoped: 'place',
    summary: 'One place: facilities, hours, open now, upcoming events, this month’s check-ins',
    tag: 'places',
    access: 'public',
    params: placeIdParams,
    handler: async ({ actor, params }) => s.places.get(actor.kind === 'user' ? actor : null, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/places',
    summary: 'Add a place (desk, inside my area)',
    tag: 'places',
    access: DESK,
    body: placeBody,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.places.create(actor, body);
    },
  }),
  route({
    method: 'PUT',
    url: '/api/places/:id',
    scoped: 'place',
    summary: 'Edit a place (desk); status removed retires it (nothing is deleted)',
    tag: 'places',
    access: DESK,
    params: placeIdParams,
    body: placeBody,
    handler: async ({ actor, params, body }) => s.places.update(actor, params.id, body),
  }),
  route({
    method: 'POST',
    url: '/api/places/:id/checkins',
    scoped: 'place',
    summary: 'An outdoor worker checks in at a station (a count by worker group, no personal data)',
    tag: 'places',
    access: 'public',
    params: placeIdParams,
    body: checkinBody,
    handler: async ({ params, body, reply }) => {
      reply.code(201);
      return s.places.checkin(params.id, body);
    },
  }),
  route({
    method: 'POST',
    url: '/api/places/:id/events',
    scoped: 'place',
    summary: 'A station posts an event (e.g. a safety talk for delivery riders)',
    tag: 'places',
    access: DESK,
    params: placeIdParams,
    body: eventBody,
    handler: async ({ actor, params, body, reply }) => {
      reply.code(201);
      return s.places.addEvent(actor, params.id, body);
    },
  }),
  route({
    method: 'POST',
    url: '/api/places/:id/reports',
    scoped: 'place',
    summary: 'Report a problem with a place: becomes a request dispatched to its managing unit',
    tag: 'places',
    access: 'public',
    params: placeIdParams,
    body: reportBody,
    handler: async ({ actor, params, body, req, reply }) => {
      const r = await s.places.report(actor, params.id, body, { idempotencyKey: idempotencyKey(req.headers['idempotency-key']) });
      reply.code(r.replayed ? 200 : 201);
      return r;
    },
  }),
  route({
    method: 'GET',
    url: '/api/public/places',
    summary: 'Read-only public API for other apps: public places (no personal data)',
    tag: 'public',
    access: 'public',
    query: placeListQuery,
    handler: async ({ query, reply }) => {
      reply.header('access-control-allow-origin', '*');
      return s.places.list(null, query, false);
    },
  }),
  route({
    method: 'GET',
    url: '/api/public/places.geojson',
    summary: 'GeoJSON feed of the public places',
    tag: 'public',
    access: 'public',
    query: z.strictObject({ type: z.string().max(40).optional() }),
    handler: async ({ query, reply }) => {
      const { items } = await s.places.list(null, { type: query.type, page: 1, pageSize: 1_000_000 }, false);
      reply.header('access-control-allow-origin', '*').type('application/geo+json');
      return reply.send(await exportPlaces(items, await s.places.types(), 'geojson'));
    },
  }),
];
