import { z } from 'zod';
import { idempotencyKey } from '../../http/idempotency-key.js';
import { readOneFile } from '../../http/multipart.js';
import { okAnswer } from '../../http/responses.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { fieldSchema } from './place-types.js';
import {
  checkinStats,
  eventCreated,
  importReport,
  nearestPlaces,
  placeDetail,
  placeList,
  placeReportCreated,
  placeTypeList,
  placeTypeView,
  placeView,
} from './places.responses.js';
import { checkinBody, eventBody, nearestQuery, placeBody, placeIdParams, placeListQuery, reportBody } from './places.schema.js';

const DESK = ['district_admin', 'street_staff', 'community_staff', 'department_staff'] as const;

export const placesRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/place-types',
    summary: 'Place types and their own fields',
    tag: 'places',
    access: 'public',
    rateLimit: 'general',
    response: placeTypeList,
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
    response: placeTypeView,
    handler: async ({ actor, params, body }) => s.places.saveType(actor, params.code, body),
  }),
  route({
    method: 'GET',
    url: '/api/places',
    summary: 'Public places: filter by type, community, words, open now',
    tag: 'places',
    access: 'public',
    rateLimit: 'general',
    query: placeListQuery,
    response: placeList,
    handler: async ({ query }) => s.places.list(null, query, false),
  }),
  route({
    method: 'GET',
    url: '/api/places/manage',
    summary: 'Places I manage (desk), public or not',
    tag: 'places',
    access: DESK,
    query: placeListQuery,
    response: placeList,
    handler: async ({ actor, query }) => s.places.list(actor, query, true),
  }),
  route({
    method: 'GET',
    url: '/api/places/nearest',
    summary: 'The nearest public places to a point (optionally of a type and open now)',
    tag: 'places',
    access: 'public',
    rateLimit: 'general',
    query: nearestQuery,
    response: nearestPlaces,
    handler: async ({ query }) => ({ items: await s.places.nearest(query) }),
  }),
  route({
    method: 'GET',
    url: '/api/places/export',
    summary: 'Places I manage as Excel or GeoJSON',
    tag: 'places',
    access: DESK,
    query: z.strictObject({ format: z.enum(['xlsx', 'geojson']).default('xlsx'), type: z.string().max(40).optional() }),
    file: true,
    handler: async ({ actor, query, reply }) => {
      const f = await s.places.exportFile(actor, query.format, query.type);
      reply.type(f.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
      return reply.send(f.body);
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
    response: importReport,
    handler: async ({ actor, query, req, reply }) => {
      const { buf, fileName } = await readOneFile(req, s.config.uploadLimitBytes);
      const report = await s.places.importFile(actor, buf, fileName, query.dryRun === '1');
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
    response: checkinStats,
    handler: async ({ actor, query }) => s.places.checkinStats(actor, query.month),
  }),
  route({
    method: 'GET',
    url: '/api/places/:id',
    scoped: 'place',
    summary: 'One place: facilities, hours, open now, upcoming events, this month’s check-ins',
    tag: 'places',
    access: 'public',
    rateLimit: 'general',
    params: placeIdParams,
    response: placeDetail,
    handler: async ({ actor, params }) => s.places.get(actor.kind === 'user' ? actor : null, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/places',
    created: 'always',
    summary: 'Add a place (desk, inside my area)',
    tag: 'places',
    access: DESK,
    body: placeBody,
    response: placeView,
    handler: async ({ actor, body, reply }) => {
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
    response: placeView,
    handler: async ({ actor, params, body }) => s.places.update(actor, params.id, body),
  }),
  route({
    method: 'POST',
    url: '/api/places/:id/checkins',
    created: 'always',
    scoped: 'place',
    summary: 'An outdoor worker checks in at a station (a count by worker group, no personal data)',
    tag: 'places',
    access: 'public',
    rateLimit: 'checkin',
    params: placeIdParams,
    body: checkinBody,
    response: okAnswer,
    handler: async ({ params, body, reply }) => {
      return s.places.checkin(params.id, body);
    },
  }),
  route({
    method: 'POST',
    url: '/api/places/:id/events',
    created: 'always',
    scoped: 'place',
    summary: 'A station posts an event (e.g. a safety talk for delivery riders)',
    tag: 'places',
    access: DESK,
    params: placeIdParams,
    body: eventBody,
    response: eventCreated,
    handler: async ({ actor, params, body, reply }) => {
      return s.places.addEvent(actor, params.id, body);
    },
  }),
  route({
    method: 'POST',
    url: '/api/places/:id/reports',
    created: 'unless-replayed',
    scoped: 'place',
    summary: 'Report a problem with a place: becomes a request dispatched to its managing unit',
    tag: 'places',
    access: 'public',
    rateLimit: 'intake',
    params: placeIdParams,
    body: reportBody,
    response: placeReportCreated,
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
    rateLimit: 'feed',
    query: placeListQuery,
    response: placeList,
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
    rateLimit: 'feed',
    query: z.strictObject({ type: z.string().max(40).optional() }),
    file: true,
    handler: async ({ query, reply }) => {
      reply.header('access-control-allow-origin', '*').type('application/geo+json');
      return reply.send(await s.places.publicGeoJson(query.type));
    },
  }),
];
