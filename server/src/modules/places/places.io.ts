import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { hoursToText, parseHoursText } from './opening-hours.js';
import type { FieldDef } from './place-types.js';
import type { PlaceInput } from './places.schema.js';
import type { PlacesService, PlaceView } from './places.service.js';

/** The columns of the import/export sheet; type fields follow as extra columns named by their label. */
const COLUMNS = ['名称', '类型', '纬度', '经度', '地址', '社区编码', '管理单位', '联系人', '联系电话', '开放时间', '公开', '状态'] as const;

export interface RowIssue {
  row: number;
  field: string;
  message: string;
  messageEn: string;
}

export interface ImportReport {
  rows: number;
  valid: number;
  errors: RowIssue[];
  imported: number;
  dryRun: boolean;
}

type Raw = Record<string, unknown>;

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
  if (typeof v === 'object' && 'result' in (v as object)) return String((v as { result: unknown }).result);
  return String(v).trim();
};

/** Reads an Excel sheet (first row = headers) or a GeoJSON FeatureCollection into raw rows. */
export async function readRows(buf: Buffer, kind: 'xlsx' | 'geojson'): Promise<Raw[]> {
  if (kind === 'geojson') {
    let doc: {
      type?: string;
      features?: ({ geometry?: { type?: string; coordinates?: unknown } | null; properties?: Raw | null } | null)[];
    };
    try {
      doc = JSON.parse(buf.toString('utf8'));
    } catch {
      throw errors.validation('file', 'file：不是有效的 GeoJSON', 'file: not valid GeoJSON');
    }
    if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features))
      throw errors.validation('file', 'file：应为 GeoJSON FeatureCollection', 'file: must be a GeoJSON FeatureCollection');
    return doc.features.map((f, i) => {
      if (f === null || typeof f !== 'object' || Array.isArray(f))
        throw errors.validation(
          `features.${i}`,
          `features.${i}：应为 GeoJSON Feature 对象`,
          `features.${i}: must be a GeoJSON Feature object`,
        );
      if (f.properties !== undefined && f.properties !== null && (typeof f.properties !== 'object' || Array.isArray(f.properties)))
        throw errors.validation(
          `features.${i}.properties`,
          `features.${i}.properties：应为对象`,
          `features.${i}.properties: must be an object`,
        );
      const c = f.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? (f.geometry.coordinates as unknown[]) : [];
      return { ...(f.properties ?? {}), 经度: c[0], 纬度: c[1] };
    });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw errors.validation('file', 'file：不是有效的 Excel (.xlsx) 文件', 'file: not a valid Excel (.xlsx) file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw errors.validation('file', 'file：工作簿中没有工作表', 'file: the workbook has no sheet');
  const headers: string[] = [];
  ws.getRow(1).eachCell((cell, col) => {
    headers[col] = text(cell.value);
  });
  const rows: Raw[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const raw: Raw = {};
    row.eachCell((cell, col) => {
      const h = headers[col];
      if (h) raw[h] = cell.value;
    });
    if (Object.values(raw).some((v) => text(v) !== '')) rows.push(raw);
  });
  return rows;
}

/** Turns one raw row into a place input, collecting every problem (not just the first). */
export function toInput(
  raw: Raw,
  types: { code: string; name: string; fields: FieldDef[] }[],
  unitByName: Map<string, string>,
): { input?: PlaceInput; issues: Omit<RowIssue, 'row'>[] } {
  const issues: Omit<RowIssue, 'row'>[] = [];
  const bad = (field: string, zh: string, en: string) => issues.push({ field, message: `${field}：${zh}`, messageEn: `${field}: ${en}` });
  const pick = (...keys: string[]) => {
    for (const k of keys) if (raw[k] !== undefined && text(raw[k]) !== '') return raw[k];
    return undefined;
  };
  const name = text(pick('名称', 'name'));
  if (!name) bad('名称', '缺少名称', 'name is missing');
  const typeText = text(pick('类型', 'type'));
  const type = types.find((t) => t.code === typeText || t.name === typeText || t.name.split('/').includes(typeText));
  if (!type) bad('类型', typeText ? `未知的类型“${typeText}”` : '缺少类型', typeText ? `unknown type "${typeText}"` : 'type is missing');
  const lat = Number(text(pick('纬度', 'lat')));
  const lng = Number(text(pick('经度', 'lng', 'lon')));
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || text(pick('纬度', 'lat')) === '' || text(pick('经度', 'lng', 'lon')) === '')
    bad('坐标', '缺少或无效的经纬度', 'missing or invalid coordinates');
  const hoursText = text(pick('开放时间', 'hours')) || '24小时';
  const hours = parseHoursText(hoursText);
  if (!hours)
    bad(
      '开放时间',
      `无法识别“${hoursText}”（例：24小时 / 每天 06:30-22:00 / 工作日 08:00-18:00 / 错时 08:00-18:00）`,
      `cannot read "${hoursText}"`,
    );
  const unitText = text(pick('管理单位', 'managingUnit'));
  const managingUnitId = unitText ? (unitByName.get(unitText) ?? null) : null;
  if (unitText && !managingUnitId) bad('管理单位', `未知的单位“${unitText}”`, `unknown unit "${unitText}"`);
  const phone = text(pick('联系电话', 'contactPhone')) || null;
  if (phone && !/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(phone)) bad('联系电话', '电话号码格式不正确', 'invalid phone number');
  const attrs: Record<string, unknown> = {};
  for (const f of type?.fields ?? []) {
    const v = pick(f.label, f.key);
    if (v === undefined) continue;
    const t = text(v);
    if (f.type === 'number') attrs[f.key] = Number(t);
    else if (f.type === 'boolean') attrs[f.key] = /^(是|有|true|yes|1)$/i.test(t);
    else if (f.type === 'tags')
      attrs[f.key] = t
        .split(/[,，、;；]/)
        .map((x) => x.trim())
        .filter(Boolean);
    else if (f.type === 'enum') attrs[f.key] = { 计划: 'planned', 已安装: 'installed', 已拆除: 'removed' }[t] ?? t;
    else attrs[f.key] = t;
  }
  if (issues.length || !type || !hours) return { issues };
  const community = text(pick('社区编码', 'communityCode'));
  return {
    issues,
    input: {
      typeCode: type.code,
      name,
      address: text(pick('地址', 'address')) || null,
      location: { lat, lng },
      communityCode: community || null,
      managingUnitId,
      contactName: text(pick('联系人', 'contactName')) || null,
      contactPhone: phone,
      hours,
      attrs,
      public: !/^(否|false|no|0)$/i.test(text(pick('公开', 'public'))),
      status: (['active', 'closed', 'removed'].includes(text(pick('状态', 'status')))
        ? text(pick('状态', 'status'))
        : 'active') as PlaceInput['status'],
    },
  };
}

/** Dry run lists every bad row; a real run imports all rows in one transaction, or nothing. */
export async function importPlaces(
  deps: { db: Kysely<DB>; places: PlacesService; audit: AuditService; clock: Clock; unitByName: Map<string, string> },
  actor: Actor,
  rows: Raw[],
  opts: { dryRun: boolean; progress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const types = await deps.places.types();
  const issues: RowIssue[] = [];
  const ready: NonNullable<Awaited<ReturnType<PlacesService['validate']>>['row']>[] = [];
  for (const [i, raw] of rows.entries()) {
    const row = i + 2; // the sheet's row number: 1 is the header
    const { input, issues: rowIssues } = toInput(raw, types, deps.unitByName);
    issues.push(...rowIssues.map((x) => ({ ...x, row })));
    if (input) {
      const v = await deps.places.validate(input);
      // name the sheet's column: 坐标 for the location, a type field's label for its attribute
      const fields = types.find((t) => t.code === input.typeCode)?.fields ?? [];
      const column = (field: string) =>
        field === 'location'
          ? '坐标'
          : field.startsWith('attrs.')
            ? (fields.find((f) => `attrs.${f.key}` === field)?.label ?? field)
            : field;
      const mapped = v.issues.map((x) => {
        const col = column(x.field);
        return { ...x, row, field: col, message: x.message.replace(x.field, col) };
      });
      issues.push(...mapped);
      if (v.row) {
        if (!deps.places.canManage(actor, v.row))
          issues.push({ row, field: '社区编码', message: '社区编码：不在您的管辖范围', messageEn: 'outside your area' });
        else if (v.row.managing_unit_id && !(await deps.places.mayAssignManagingUnit(actor, v.row.managing_unit_id)))
          issues.push({
            row,
            field: '管理单位',
            message: '管理单位：不在您的管辖范围（其他单位和职能部门只能由区指挥中心指定）',
            messageEn: 'managing unit: outside your area (other units and departments are chosen by the command centre)',
          });
        else ready.push(v.row);
      }
    }
    opts.progress?.(i + 1, rows.length);
  }
  const report: ImportReport = { rows: rows.length, valid: ready.length, errors: issues, imported: 0, dryRun: opts.dryRun };
  if (opts.dryRun || issues.length || rows.length === 0) return report;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await deps.places.repo.insert(
      trx,
      ready.map((r) => ({ ...r, id: randomUUID(), demo: 0, version: 1, created_at: now, updated_at: now })),
    );
    await deps.audit.record(trx, actor, 'places.imported', 'place', null, { rows: ready.length });
    await deps.places.touch(trx);
  });
  deps.places.invalidate();
  return { ...report, imported: ready.length };
}

export async function exportPlaces(
  items: PlaceView[],
  types: { code: string; name: string; fields: FieldDef[] }[],
  format: 'xlsx' | 'geojson',
): Promise<Buffer> {
  if (format === 'geojson') {
    return Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: items.map((p) => ({
          type: 'Feature',
          id: p.id,
          geometry: { type: 'Point', coordinates: [p.location.lng, p.location.lat] },
          // the type's own fields first, so that none of them can shadow a common property;
          // hours in the sheet's wording (imports back unchanged), hoursText for people
          properties: {
            ...p.attrs,
            id: p.id,
            name: p.name,
            type: p.typeCode,
            typeName: p.typeName,
            address: p.address,
            communityCode: p.communityCode,
            managingUnit: p.managingUnit?.name ?? null,
            contactName: p.contact.name,
            contactPhone: p.contact.phone,
            hours: hoursToText(p.hours),
            hoursText: p.hoursText.zh,
            openNow: p.openNow,
            public: p.public,
            status: p.status,
            demo: p.demo,
          },
        })),
      }),
    );
  }
  // one column per field label; two types may use one label for different keys (设施 of stations
  // and of another type), so each row reads the field of its own type
  const labels = [...new Set(types.flatMap((t) => t.fields.map((f) => f.label)))];
  const fieldsOf = new Map(types.map((t) => [t.code, new Map(t.fields.map((f) => [f.label, f]))]));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('场所');
  ws.addRow([...COLUMNS, ...labels]).font = { bold: true };
  for (const p of items) {
    const hoursText = hoursToText(p.hours);
    ws.addRow([
      p.name,
      p.typeName,
      p.location.lat,
      p.location.lng,
      p.address ?? '',
      p.communityCode ?? '',
      p.managingUnit?.name ?? '',
      p.contact.name ?? '',
      p.contact.phone ?? '',
      hoursText,
      p.public ? '是' : '否',
      p.status,
      ...labels.map((label) => {
        const f = fieldsOf.get(p.typeCode)?.get(label);
        const v = f ? p.attrs[f.key] : undefined;
        if (v === undefined || v === null) return '';
        if (Array.isArray(v)) return v.join('、');
        if (typeof v === 'boolean') return v ? '是' : '否';
        return v as string | number;
      }),
    ]);
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
