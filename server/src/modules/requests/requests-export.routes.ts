import ExcelJS from 'exceljs';
import { z } from 'zod';
import { toCsv } from '../../http/csv.js';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';
import { STATUS_NAMES, type Status } from './lifecycle.js';
import { maskPhone } from './requests.presenter.js';
import { listQuery } from './requests.schema.js';

const filters = listQuery.omit({ page: true, pageSize: true });
const MAX_EXPORT_ROWS = 50_000;
const MAX_POINTS = 5_000;

/** What the dispatch board's filters show, as a spreadsheet (phones masked) and as map points. */
export const requestsExportRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/requests/export',
    summary: 'The filtered list of requests as Excel or CSV (phones masked)',
    tag: 'requests',
    access: ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'],
    query: filters.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    handler: async ({ actor, query, reply }) => {
      const { format, ...f } = query;
      const cats = new Map((await s.categories.list(true)).map((c) => [c.code, c.name]));
      const units = new Map((await s.org.list()).map((u) => [u.id, u.name]));
      const header = [
        '编号',
        '类型',
        '类别',
        '紧急程度',
        '标题',
        '内容',
        '渠道',
        '状态',
        '街道',
        '社区',
        '网格',
        '承办单位',
        '诉求人电话',
        '受理时间',
        '办结时限',
        '超期',
        '督办',
        '回复',
        '评价',
      ];
      const rows: (string | number)[][] = [];
      for await (const r of s.requests.repo.iterate(actor, f, s.clock.now().toISOString())) {
        rows.push([
          r.number,
          r.kind,
          cats.get(r.category_code) ?? r.category_code,
          r.urgency,
          r.title,
          r.description,
          r.channel,
          STATUS_NAMES[r.status as Status]?.zh ?? r.status,
          units.get(r.street_code ?? '') ?? '',
          units.get(r.community_code ?? '') ?? '',
          units.get(r.grid_code ?? '') ?? '',
          units.get(r.handler_unit_id ?? '') ?? '',
          maskPhone(r.reporter_phone) ?? '',
          r.created_at,
          r.resolve_deadline ?? '',
          r.overdue ? '是' : '否',
          r.supervised ? '是' : '否',
          r.reply ?? '',
          r.rating ?? '',
        ]);
        if (rows.length >= MAX_EXPORT_ROWS) break;
      }
      await s.audit.record(s.db, actor, 'requests.exported', 'request', null, { filters: f, rows: rows.length, format });
      const name = `诉求清单-${s.clock.now().toISOString().slice(0, 10)}`;
      if (format === 'csv') {
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.csv`)}`);
        return reply.send(toCsv([header, ...rows]));
      }
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('诉求');
      ws.addRow(header).font = { bold: true };
      for (const row of rows) ws.addRow(row);
      ws.views = [{ state: 'frozen', ySplit: 1 }];
      ws.columns.forEach((c) => {
        c.width = 16;
      });
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.xlsx`)}`);
      return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  }),
  route({
    method: 'GET',
    url: '/api/requests/points',
    summary: 'Locations of the filtered requests (for the heat map), at most 5,000',
    tag: 'requests',
    access: ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'],
    query: filters,
    handler: async ({ actor, query }) => {
      const items: { id: string; lat: number; lng: number; status: string; categoryCode: string }[] = [];
      for await (const r of s.requests.repo.iterate(actor, query, s.clock.now().toISOString())) {
        if (r.lat === null || r.lng === null) continue;
        items.push({ id: r.id, lat: r.lat, lng: r.lng, status: r.status, categoryCode: r.category_code });
        if (items.length >= MAX_POINTS) break;
      }
      return { items, truncated: items.length >= MAX_POINTS };
    },
  }),
];
