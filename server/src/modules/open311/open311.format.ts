import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/**
 * GeoReport v2 documents are lists; in XML each list has a root element and one child per item,
 * e.g. <service_requests><request>…</request></service_requests>. The JSON and XML carry the same data.
 */
export const XML_ROOTS = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  tokens: ['service_requests', 'request'],
  updates: ['service_request_updates', 'request_update'],
  errors: ['errors', 'error'],
  definition: ['service_definition', null],
  discovery: ['discovery', null],
} as const;

export type DocKind = keyof typeof XML_ROOTS;

/**
 * Lists nested inside a document are wrapped the same way (the Spark convention the spec's JSON
 * follows): "formats": ["a", "b"] is <formats><format>a</format><format>b</format></formats>,
 * and an empty list is an empty element, not nothing.
 */
const NESTED_LISTS: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

function wrapLists(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(wrapLists);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      const child = NESTED_LISTS[k];
      if (child && Array.isArray(x)) return [k, x.length ? { [child]: x.map(wrapLists) } : ''];
      return [k, wrapLists(x)];
    }),
  );
}

/**
 * Characters XML 1.0 cannot carry at all: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and
 * lone surrogates. Intake refuses the controls, but older rows may hold them; one of them would
 * make the whole feed unparseable, so every public document drops them (JSON too, so that both
 * formats carry the same data).
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function publicText<T>(v: T): T {
  if (typeof v === 'string') return v.replace(NOT_XML, '') as T;
  if (Array.isArray(v)) return v.map(publicText) as T;
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, publicText(x)])) as T;
}

export function toXml(kind: DocKind, data: unknown): string {
  const [root, item] = XML_ROOTS[kind];
  const wrapped = wrapLists(data);
  const body = item ? { [root]: Array.isArray(wrapped) && wrapped.length === 0 ? '' : { [item]: wrapped } } : { [root]: wrapped };
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build(body)}`;
}
