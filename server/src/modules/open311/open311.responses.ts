/**
 * The GeoReport v2 documents Open311 answers, as their JSON form (the XML form carries the same
 * data, open311.format.ts). open311.presenter.ts builds them; the OpenAPI document publishes
 * them (open311.openapi.ts); in tests every answer is checked against them (open311.routes.ts).
 */
import { z } from 'zod';
import { DATATYPES } from '../categories/attributes.js';

export const discoveryDoc = z.strictObject({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.strictObject({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.string(),
      formats: z.array(z.string()),
    }),
  ),
});

export const serviceDoc = z.strictObject({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});
export const servicesDoc = z.array(serviceDoc);

export const definitionDoc = z.strictObject({
  service_code: z.string(),
  attributes: z.array(
    z.strictObject({
      variable: z.literal(true),
      code: z.string(),
      datatype: z.enum(DATATYPES),
      required: z.boolean(),
      datatype_description: z.string(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.strictObject({ key: z.string(), name: z.string() })).optional(),
    }),
  ),
});

/** A published request: coarsened place unless the reporter chose 公开位置; never a name, phone or photo. */
export const publicRequestDoc = z.strictObject({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string(),
  address: z.string(),
  address_id: z.string(),
  zipcode: z.string(),
  lat: z.union([z.number(), z.literal('')]),
  long: z.union([z.number(), z.literal('')]),
  media_url: z.string(),
});
export type PublicRequestDoc = z.infer<typeof publicRequestDoc>;
export const requestsDoc = z.array(publicRequestDoc);

export const tokensDoc = z.array(z.strictObject({ service_request_id: z.string(), token: z.string() }));

export const updateDoc = z.strictObject({
  update_id: z.string(),
  service_request_id: z.string(),
  status: z.string(),
  updated_datetime: z.string(),
  description: z.string(),
  media_url: z.string(),
  external_status_code: z.string(),
});
export const updatesDoc = z.array(updateDoc);

export const createdDoc = z.array(
  z.strictObject({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().optional() }),
);

/** Every error, in either format: a list of {code, description}. */
export const errorsDoc = z.array(z.strictObject({ code: z.number().int(), description: z.string() }));
