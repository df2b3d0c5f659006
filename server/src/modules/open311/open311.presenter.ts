import type { AttributeDef } from '../categories/attributes.js';
import type { CategoryView } from '../categories/categories.service.js';
import { OPEN311_STATUS, STATUS_NAMES, type Status } from '../requests/lifecycle.js';
import type { RequestRow } from '../requests/requests.repository.js';
import type { PublicEventRow } from './open311.repository.js';
import type { PublicRequestDoc } from './open311.responses.js';

/**
 * What the public feed shows of a request. Unless the reporter chose 公开位置 (public_location),
 * the point is rounded to 0.001° (a cell of about 110 m north–south, 90 m east–west at 离石's
 * latitude) and the address is the community's name. An anonymous report never carries the
 * address it was filed with. Never a name, phone, photo or attribute answer.
 */
export function presentPublicRequest(r: RequestRow, ctx: { serviceName: string; agency: string; community: string }): PublicRequestDoc {
  const exact = r.public_location === 1;
  const coarse = (x: number) => Math.round(x * 1000) / 1000;
  const typed = exact && r.anonymous !== 1 ? r.address : null;
  const status = r.status as Status;
  return {
    service_request_id: r.number,
    status: OPEN311_STATUS[status],
    status_notes: r.reply ?? STATUS_NAMES[status].zh,
    service_name: ctx.serviceName,
    service_code: r.category_code,
    description: r.description,
    agency_responsible: ctx.agency,
    service_notice: `${STATUS_NAMES[status].zh} / ${STATUS_NAMES[status].en}`,
    requested_datetime: r.created_at,
    updated_datetime: r.updated_at,
    expected_datetime: r.resolve_deadline ?? '',
    address: typed || ctx.community,
    address_id: '',
    zipcode: '',
    lat: r.lat === null ? '' : exact ? r.lat : coarse(r.lat),
    long: r.lng === null ? '' : exact ? r.lng : coarse(r.lng),
    media_url: '',
  };
}

export function presentService(c: CategoryView) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name} (${c.nameEn})`,
    metadata: c.attributes.length > 0,
    type: 'realtime' as const,
    keywords: c.kinds.join(','),
    group: c.handler === 'department' ? '职能部门 department' : '网格 grid',
  };
}

const both = (zh: string, en?: string) => (en ? `${zh} (${en})` : zh);
const DATATYPE_NOTES: Partial<Record<AttributeDef['datatype'], string>> = {
  number: '数字 / a number',
  datetime: 'ISO 8601 日期时间 / ISO 8601 date-time',
  multivaluelist: '可多选 / one or more values',
};

/** GeoReport v2 service definition: the category's attributes, in order. */
export function presentDefinition(c: CategoryView) {
  return {
    service_code: c.code,
    attributes: c.attributes.map((a, i) => ({
      variable: true as const,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: DATATYPE_NOTES[a.datatype] ?? '',
      order: i + 1,
      description: both(a.description, a.descriptionEn),
      ...(a.values?.length ? { values: a.values.map((v) => ({ key: v.key, name: both(v.name, v.nameEn) })) } : {}),
    })),
  };
}

/**
 * FixMyStreet's extended statuses (the mySociety Open311 updates extension); the Lianxin status
 * itself is `external_status_code`.
 */
const UPDATE_STATUS: Record<Status, string> = {
  accepted: 'open',
  dispatched: 'action_scheduled',
  signed: 'investigating',
  in_progress: 'in_progress',
  resolved: 'fixed',
  rated: 'fixed',
  closed: 'closed',
  rejected: 'not_councils_responsibility',
  merged: 'duplicate',
};

/**
 * One public update: the new status and, when the handler resolved the request, their reply
 * (the reply is written for the public). Notes of other actions — comments, reasons, a reporter's
 * rating text — and who acted are never shown.
 */
export function presentUpdate(e: PublicEventRow) {
  const to = e.to_status as Status;
  const name = STATUS_NAMES[to] ?? { zh: to, en: to };
  return {
    update_id: String(e.id),
    service_request_id: e.number,
    status: UPDATE_STATUS[to] ?? 'open',
    updated_datetime: e.at,
    description: e.action === 'resolve' && e.note ? e.note : `${name.zh} / ${name.en}`,
    media_url: '',
    external_status_code: to,
  };
}
