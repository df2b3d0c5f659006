/** What the places routes answer (places.presenter.ts builds them); the web app imports the inferred types. */
import { z } from 'zod';
import { itemsOf, latLng, named } from '../../http/responses.js';
import { STATUSES } from '../requests/lifecycle.js';
import { openingHoursSchema } from './opening-hours.js';
import { fieldSchema } from './place-types.js';

export const placeTypeView = z.strictObject({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  icon: z.string(),
  fields: z.array(fieldSchema),
  active: z.boolean(),
});
export type PlaceTypeView = z.infer<typeof placeTypeView>;
export const placeTypeList = itemsOf(placeTypeView);

export const PLACE_STATUSES = ['active', 'closed', 'removed'] as const;

export const placeView = z.strictObject({
  id: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  location: latLng,
  streetCode: z.string().nullable(),
  communityCode: z.string().nullable(),
  managingUnit: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  /** A personal mobile is masked unless the viewer manages the place (that view is audited). */
  contact: z.strictObject({ name: z.string().nullable(), phone: z.string().nullable(), phoneMasked: z.boolean() }),
  hours: openingHoursSchema,
  hoursText: named,
  openNow: z.boolean(),
  attrs: z.record(z.string(), z.unknown()),
  public: z.boolean(),
  status: z.enum(PLACE_STATUSES),
  demo: z.boolean(),
  version: z.number().int(),
  /** Only in the nearest search. */
  distanceMetres: z.number().optional(),
});
export type PlaceView = z.infer<typeof placeView>;

export const placeEventView = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  organiser: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
});
export const placeDetail = placeView.extend({
  events: z.array(placeEventView),
  checkins: z.array(z.strictObject({ group: z.string(), people: z.number() })),
});
export type PlaceDetail = z.infer<typeof placeDetail>;

export const placeList = z.strictObject({ items: z.array(placeView), total: z.number().int() });
export const nearestPlaces = itemsOf(placeView);

export const checkinStats = z.strictObject({
  month: z.string(),
  stations: z.array(z.strictObject({ placeId: z.string(), name: z.string(), total: z.number(), groups: z.record(z.string(), z.number()) })),
  groups: z.record(z.string(), z.number()),
  total: z.number(),
});
export type CheckinStats = z.infer<typeof checkinStats>;

export const eventCreated = z.strictObject({ id: z.string() });

export const placeReportCreated = z.strictObject({
  number: z.string(),
  status: z.enum(STATUSES),
  handlerUnitId: z.string().nullable(),
  trackCode: z.string().optional(),
  replayed: z.boolean(),
});
export type PlaceReportCreated = z.infer<typeof placeReportCreated>;

export const importIssue = z.strictObject({ row: z.number().int(), field: z.string(), message: z.string(), messageEn: z.string() });
export const importReport = z.strictObject({
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(importIssue),
  imported: z.number().int(),
  dryRun: z.boolean(),
});
export type ImportReport = z.infer<typeof importReport>;
