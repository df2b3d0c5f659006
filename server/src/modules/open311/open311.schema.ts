import { z } from 'zod';
import { errors } from '../../errors.js';
import { ATTRIBUTE_CODE, attributeAnswersSchema } from '../categories/attributes.js';
import { MAX_DESCRIPTION } from '../requests/requests.schema.js';

/**
 * GeoReport v2 parameters. An empty optional parameter (`jurisdiction_id=`) means the same as an
 * absent one (the spec, and what many clients send): `withoutEmpty` drops them before parsing.
 */
export function withoutEmpty(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object') return {};
  return Object.fromEntries(Object.entries(input).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
}

/** "a,b" → ["a", "b"]; the spec lets service_code and status be declared several times, comma delimited. */
const commaList = (max: number) =>
  z
    .string()
    .max(max * 50)
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );

const when = z.string().datetime({ offset: true });

export const jurisdictionQuery = z.object({ jurisdiction_id: z.string().max(100).optional() });

export const listQuery = jurisdictionQuery.extend({
  service_request_id: commaList(200)
    .pipe(z.array(z.string().max(40)).max(200))
    .optional(),
  service_code: commaList(50)
    .pipe(z.array(z.string().max(40)).max(50))
    .optional(),
  start_date: when.optional(),
  end_date: when.optional(),
  status: commaList(2)
    .pipe(z.array(z.enum(['open', 'closed'])).max(2))
    .optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** The FixMyStreet (mySociety) updates extension: a window of time, paged. */
export const updatesQuery = jurisdictionQuery.extend({
  start_date: when.optional(),
  end_date: when.optional(),
  /** Only updates strictly after this instant (an alternative to start_date for polling clients). */
  updated_after: when.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(500),
});
export type UpdatesQuery = z.infer<typeof updatesQuery>;

export const postBody = jurisdictionQuery.extend({
  service_code: z.string().min(1).max(40),
  lat: z.coerce.number().min(-90).max(90),
  long: z.coerce.number().min(-180).max(180),
  address_string: z.string().trim().max(200).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().trim().max(40).optional(),
  last_name: z.string().trim().max(40).optional(),
  phone: z.string().max(20).optional(),
  description: z.string().trim().min(1).max(MAX_DESCRIPTION),
  media_url: z.string().max(500).optional(),
  /** `attribute[code]=value` (and `attribute[code][]=a&attribute[code][]=b` for multi-value lists). */
  attribute: attributeAnswersSchema.optional(),
});
export type PostBody = z.infer<typeof postBody>;

/**
 * The spec's application/x-www-form-urlencoded body: plain keys (the last one wins), and
 * `attribute[code]` / `attribute[code][]` collected into `attribute`, repeated keys into lists.
 */
export function parseForm(text: string): Record<string, unknown> {
  // Maps, then own properties: a plain key such as "__proto__" stays an own (ignored) key.
  const plain = new Map<string, string>();
  const attribute = new Map<string, string | string[]>();
  for (const [k, v] of new URLSearchParams(text)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(k);
    if (!m) {
      plain.set(k, v);
      continue;
    }
    const code = m[1] ?? '';
    if (!ATTRIBUTE_CODE.test(code)) throw errors.validation(k, `${k}：不是有效的属性代码`, `${k}: not a valid attribute code`);
    const prev = attribute.get(code);
    if (m[2] || prev !== undefined) attribute.set(code, [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), v]);
    else attribute.set(code, v);
  }
  const out: Record<string, unknown> = Object.fromEntries(plain);
  if (attribute.size) out.attribute = Object.fromEntries(attribute);
  return out;
}
