/**
 * How a place is shown: its type's name, opening rule in words, open-now, and the contact — a
 * personal mobile masked unless the viewer manages the place (that view is audited by the service).
 */
import type { WorkingCalendar } from '../calendar/working-days.js';
import { maskPhone } from '../requests/requests.presenter.js';
import { describeHours, isOpen, type OpeningHours } from './opening-hours.js';
import type { PlaceRow } from './places.repository.js';
import type { PLACE_STATUSES, PlaceTypeView, PlaceView } from './places.responses.js';

export type { PlaceTypeView, PlaceView };

export interface Live extends PlaceRow {
  hoursRule: OpeningHours;
}

export const personalPhone = (p: string | null) => !!p && /^1[3-9]\d{9}$/.test(p);

export interface PresentContext {
  calendar: WorkingCalendar;
  now: Date;
  types: Map<string, PlaceTypeView>;
  unitName: (id: string) => string | undefined;
  unmask: boolean;
}

export function presentPlace(p: Live, ctx: PresentContext, distance?: number): PlaceView {
  const personal = personalPhone(p.contact_phone);
  return {
    id: p.id,
    typeCode: p.type_code,
    typeName: ctx.types.get(p.type_code)?.name ?? p.type_code,
    name: p.name,
    address: p.address,
    location: { lat: p.lat, lng: p.lng },
    streetCode: p.street_code,
    communityCode: p.community_code,
    managingUnit: p.managing_unit_id ? { id: p.managing_unit_id, name: ctx.unitName(p.managing_unit_id) ?? p.managing_unit_id } : null,
    contact: {
      name: p.contact_name && personal && !ctx.unmask ? `${p.contact_name.slice(0, 1)}**` : p.contact_name,
      phone: personal && !ctx.unmask ? maskPhone(p.contact_phone) : p.contact_phone,
      phoneMasked: personal && !ctx.unmask,
    },
    hours: p.hoursRule,
    hoursText: describeHours(p.hoursRule),
    openNow: p.status === 'active' && isOpen(p.hoursRule, ctx.now, ctx.calendar),
    attrs: JSON.parse(p.attrs) as Record<string, unknown>,
    public: p.public === 1,
    status: p.status as (typeof PLACE_STATUSES)[number],
    demo: p.demo === 1,
    version: p.version,
    ...(distance === undefined ? {} : { distanceMetres: Math.round(distance) }),
  };
}
