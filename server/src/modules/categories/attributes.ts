import { z } from 'zod';
import { errors } from '../../errors.js';

/**
 * Service attributes (GeoReport v2 "service definition"): extra questions a category asks at
 * intake, defined per category at the desk. The answers are validated here, for every channel
 * (web form, staff entry, Open311 `attribute[code]=…`), and stored on the request as JSON.
 */
export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Datatype = (typeof DATATYPES)[number];

const label = (max: number) => z.string().trim().min(1).max(max);

export const attributeValueSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  name: label(40),
  nameEn: label(80).optional(),
});

export const ATTRIBUTE_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export const attributeSchema = z
  .strictObject({
    code: z.string().regex(ATTRIBUTE_CODE),
    datatype: z.enum(DATATYPES),
    required: z.boolean().default(false),
    /** The question as the reporter sees it (Chinese); `descriptionEn` beside it. */
    description: label(100),
    descriptionEn: label(200).optional(),
    values: z.array(attributeValueSchema).max(50).optional(),
  })
  .superRefine((a, ctx) => {
    const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (list && !a.values?.length)
      ctx.addIssue({ code: 'custom', path: ['values'], message: '列表类型必须给出选项', params: { en: 'a list needs values' } });
    if (!list && a.values?.length)
      ctx.addIssue({ code: 'custom', path: ['values'], message: '只有列表类型有选项', params: { en: 'only lists have values' } });
    if (a.values && new Set(a.values.map((v) => v.key)).size !== a.values.length)
      ctx.addIssue({ code: 'custom', path: ['values'], message: '选项的 key 不能重复', params: { en: 'value keys must be unique' } });
  });

export const attributesSchema = z
  .array(attributeSchema)
  .max(20)
  .refine((xs) => new Set(xs.map((a) => a.code)).size === xs.length, {
    message: '属性代码不能重复',
    params: { en: 'attribute codes must be unique' },
  });

export type AttributeDef = z.infer<typeof attributeSchema>;
export type AttributeAnswer = string | string[];
export type AttributeAnswers = Record<string, AttributeAnswer>;

/** What a client may send: codes to one value or a list of values (multivaluelist). */
export const attributeAnswersSchema = z
  .record(z.string().regex(ATTRIBUTE_CODE), z.union([z.string().max(2000), z.array(z.string().max(100)).max(50)]))
  .refine((o) => Object.keys(o).length <= 20, { message: '最多 20 项', params: { en: 'at most 20 attributes' } });

const MAX = { string: 200, text: 2000 } as const;

/**
 * Checks answers against the category's definitions and returns them normalised (trimmed, empty
 * answers dropped, lists as arrays), or undefined when there are none. `field` names an
 * attribute the way the caller's channel spells it (`attributes.x` on the API, `attribute[x]` on Open311).
 */
export function checkAttributes(
  defs: AttributeDef[],
  answers: AttributeAnswers | undefined,
  field: (code: string) => string = (c) => `attributes.${c}`,
): AttributeAnswers | undefined {
  const out: AttributeAnswers = {};
  const given = answers ?? {};
  for (const code of Object.keys(given))
    if (!defs.some((d) => d.code === code)) {
      const f = field(code);
      throw errors.validation(f, `${f}：此类别没有这一项`, `${f}: this service has no such attribute`);
    }
  for (const d of defs) {
    const f = field(d.code);
    const bad = (zh: string, en: string) => errors.validation(f, `${f}：${zh}`, `${f}: ${en}`);
    // Own answers only: a code such as "constructor" must not find Object's.
    const raw = Object.hasOwn(given, d.code) ? given[d.code] : undefined;
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean);
    if (list.length === 0) {
      if (d.required) throw bad('必填', 'is required');
      continue;
    }
    if (d.datatype === 'multivaluelist') {
      const keys = [...new Set(list)];
      const unknown = keys.find((k) => !d.values?.some((v) => v.key === k));
      if (unknown !== undefined) throw bad(`没有选项 ${unknown}`, `${unknown} is not one of its values`);
      out[d.code] = keys;
      continue;
    }
    if (list.length > 1) throw bad('只能有一个值', 'takes one value');
    const v = list[0] as string;
    switch (d.datatype) {
      case 'singlevaluelist':
        if (!d.values?.some((x) => x.key === v)) throw bad(`没有选项 ${v}`, `${v} is not one of its values`);
        break;
      case 'number':
        if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(Number(v))) throw bad('应为数字', 'must be a number');
        break;
      case 'datetime':
        if (!z.iso.datetime({ offset: true }).safeParse(v).success && !z.iso.date().safeParse(v).success)
          throw bad('应为日期时间（ISO 8601）', 'must be an ISO 8601 date or date-time');
        break;
      case 'string':
      case 'text':
        if (v.length > MAX[d.datatype]) throw bad(`最多 ${MAX[d.datatype]} 个字符`, `must have at most ${MAX[d.datatype]} characters`);
        break;
    }
    out[d.code] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The stored answers of a request, or null. */
export const parseAnswers = (json: string | null): AttributeAnswers | null => (json ? (JSON.parse(json) as AttributeAnswers) : null);
