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
  errors: ['errors', 'error'],
  definition: ['service_definition', null],
  discovery: ['discovery', null],
} as const;

export type DocKind = keyof typeof XML_ROOTS;

export function toXml(kind: DocKind, data: unknown): string {
  const [root, item] = XML_ROOTS[kind];
  const body = item ? { [root]: { [item]: data } } : { [root]: data };
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build(body)}`;
}
