import { idempotencyKey } from '../../http/idempotency-key.js';
import { readOneFile } from '../../http/multipart.js';
import { route } from '../../http/route.js';
import { CONTENT_TYPES } from '../../platform/documents/documents.service.js';
import type { RouteServices } from '../../services.js';
import * as S from './inspections.schemas.js';
import { roundReport } from './round-report.js';

/** Staff who plan, walk or are inspected; which rows each sees is inspections.policy.ts. */
const STAFF = ['district_admin', 'inspector', 'street_staff', 'community_staff', 'department_staff'] as const;
const INSPECTORS = ['district_admin', 'inspector'] as const;
const ADMIN = ['district_admin'] as const;
const TAG = 'inspections';
const XLSX = CONTENT_TYPES.xlsx;

export const inspectionsRoutes = (s: RouteServices) => {
  const i = s.inspections;
  return [
    route({
      method: 'GET',
      url: '/api/inspections/checklists',
      summary: 'Checklists: the current version per point type (all versions with all=1)',
      tag: TAG,
      access: STAFF,
      query: S.checklistListQuery,
      response: S.checklistList,
      handler: async ({ query }) => i.checklists.list(query),
    }),
    route({
      method: 'GET',
      url: '/api/inspections/checklists/template.xlsx',
      summary: 'The blank checklist import sheet',
      tag: TAG,
      access: ADMIN,
      file: true,
      handler: async ({ reply }) => {
        reply.type(XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('检查清单模板.xlsx')}`);
        return reply.send(await i.checklists.template());
      },
    }),
    route({
      method: 'POST',
      url: '/api/inspections/checklists/import',
      summary: 'Import a point type’s checklist from Excel; dryRun=1 lists every bad cell and saves nothing',
      tag: TAG,
      access: ADMIN,
      query: S.checklistImportQuery,
      rawBody: true,
      response: S.checklistImportResult,
      handler: async ({ actor, query, req, reply }) => {
        const { buf } = await readOneFile(req, s.config.uploadLimitBytes);
        const r = await i.checklists.import(actor, buf, { pointType: query.pointType, name: query.name, dryRun: query.dryRun === '1' });
        if (!r.ok && !r.dryRun) reply.code(400);
        return r;
      },
    }),
    route({
      method: 'GET',
      url: '/api/inspections/checklists/:id',
      summary: 'One checklist version with its items',
      tag: TAG,
      access: STAFF,
      params: S.idParams,
      response: S.checklistDetail,
      handler: async ({ params }) => i.checklists.get(params.id),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/checklists',
      summary: 'Save a point type’s checklist as a new current version',
      tag: TAG,
      access: ADMIN,
      body: S.checklistBody,
      response: S.checklistDetail,
      handler: async ({ actor, body }) => i.checklists.save(actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/inspections/points',
      summary: 'Inspection points in my area',
      tag: TAG,
      access: STAFF,
      query: S.pointListQuery,
      response: S.pointList,
      handler: async ({ actor, query }) => i.points.list(actor, query),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/points',
      summary: 'Add an inspection point (optionally a 便民地图 place)',
      tag: TAG,
      access: ['district_admin', 'street_staff'],
      body: S.pointBody,
      response: S.point,
      handler: async ({ actor, body }) => i.points.create(actor, body),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/rounds/sample',
      summary: 'Draw N points per type at random (seeded, reproducible); nothing is stored',
      tag: TAG,
      access: INSPECTORS,
      body: S.sampleBody,
      response: S.sampleResult,
      handler: async ({ actor, body }) => i.points.sample(actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/inspections/rounds',
      summary: 'Inspection rounds I may see (an unannounced one hidden from the inspected until it starts)',
      tag: TAG,
      access: STAFF,
      query: S.roundListQuery,
      response: S.roundList,
      handler: async ({ actor, query }) => i.rounds.list(actor, query),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/rounds',
      summary: 'Plan a round (planned or 四不两直)',
      tag: TAG,
      access: INSPECTORS,
      body: S.roundBody,
      response: S.roundDetail,
      handler: async ({ actor, body }) => i.rounds.create(actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/inspections/rounds/:id',
      scoped: 'inspection',
      summary: 'One round: points, the checklist versions they use, entries, scores',
      tag: TAG,
      access: STAFF,
      params: S.idParams,
      response: S.roundDetail,
      handler: async ({ actor, params }) => i.rounds.get(actor, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/rounds/:id/actions',
      scoped: 'inspection',
      summary: 'Start or finish a round',
      tag: TAG,
      access: INSPECTORS,
      params: S.idParams,
      body: S.roundActionBody,
      response: S.roundDetail,
      handler: async ({ actor, params, body }) => i.rounds.act(actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/rounds/:id/entries',
      scoped: 'inspection',
      summary: 'Mark one item at one point (Idempotency-Key: a replay answers the first entry); a failure opens a rectification order',
      tag: TAG,
      access: INSPECTORS,
      params: S.idParams,
      body: S.entryBody,
      response: S.entryResult,
      handler: async ({ actor, params, body, req }) =>
        i.entries.record(actor, params.id, body, idempotencyKey(req.headers['idempotency-key'])),
    }),
    route({
      method: 'GET',
      url: '/api/inspections/rounds/:id/scores',
      scoped: 'inspection',
      summary: '得分率 per point, unit, community and street, ranked (recompute=1: against the current checklists)',
      tag: TAG,
      access: STAFF,
      params: S.idParams,
      query: S.scoreQuery,
      response: S.roundScores,
      handler: async ({ actor, params, query }) => {
        await i.rounds.visible(actor, params.id);
        return i.scores.roundScores(params.id, query.recompute === '1');
      },
    }),
    route({
      method: 'GET',
      url: '/api/inspections/rounds/:id/report.docx',
      scoped: 'inspection',
      summary: 'The round’s 督查通报 as Word: findings with photos, scores and ranking, the units behind',
      tag: TAG,
      access: STAFF,
      rateLimit: 'feed', // a Word file is built per call
      params: S.idParams,
      file: true,
      handler: async ({ actor, params, reply }) => {
        const spec = await roundReport(
          { now: s.clock.now(), rounds: i.rounds, scores: i.scores, rectification: s.rectification, documents: s.documents },
          actor,
          params.id,
        );
        const file = await s.documents.render(spec, 'docx');
        await s.audit.log(actor, 'inspection_round.report', 'inspection_round', params.id, null);
        reply
          .header('content-type', CONTENT_TYPES.docx)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('督查通报.docx')}`)
          .header('cache-control', 'no-store');
        return reply.send(file);
      },
    }),
    route({
      method: 'GET',
      url: '/api/inspections/trend',
      summary: 'The rate of each finished round and its change from the one before',
      tag: TAG,
      access: STAFF,
      query: S.trendQuery,
      response: S.trend,
      handler: async ({ actor, query }) => i.scores.trend(actor, query),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/rounds/:id/entries/:entryId/similar',
      summary: '举一反三: check the same item at every point of that type in the street',
      tag: TAG,
      access: INSPECTORS,
      scoped: 'inspection',
      params: S.entryParams,
      response: S.similarResult,
      handler: async ({ actor, params }) => i.similar.fromEntry(actor, params.id, params.entryId),
    }),
    route({
      method: 'GET',
      url: '/api/inspections/similar-checks',
      summary: '举一反三 checks in my area (a unit: those assigned to it)',
      tag: TAG,
      access: STAFF,
      query: S.similarListQuery,
      response: S.similarList,
      handler: async ({ actor, query }) => i.similar.list(actor, query),
    }),
    route({
      method: 'POST',
      url: '/api/inspections/similar-checks/:id/answer',
      summary: 'The unit answers a 举一反三 check with a photo: pass, or fail (opens an order)',
      tag: TAG,
      access: STAFF,
      params: S.idParams,
      body: S.similarAnswerBody,
      response: S.similarCheck,
      handler: async ({ actor, params, body }) => i.similar.answer(actor, params.id, body),
    }),
  ];
};
