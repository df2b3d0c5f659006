import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { MEMBERSHIP_ROLES } from './memberships.service.js';

const membershipView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  role: z.string(),
  since: z.string(),
  home: z.boolean(),
});

export const membershipsRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/memberships/mine',
    summary: 'The units I may act for (my own unit, my community, my co-building unit)',
    tag: 'memberships',
    access: 'authenticated',
    rateLimit: 'general',
    response: z.object({ items: z.array(membershipView), actingUnitId: z.string().nullable() }),
    handler: async ({ actor, req }) => ({
      items: await s.memberships.of(actor),
      actingUnitId: (await s.memberships.remembered(actor, req.sessionToken)) ?? null,
    }),
  }),
  route({
    method: 'PUT',
    url: '/api/memberships/acting',
    summary: 'Act for one of my units in this session (e.g. claim wishes for my co-building unit); null: for myself',
    tag: 'memberships',
    access: 'authenticated',
    rateLimit: 'general',
    body: z.strictObject({ unitId: z.string().min(1).max(40).nullable() }),
    response: z.object({ actingUnitId: z.string().nullable() }),
    handler: async ({ actor, body, req }) => s.memberships.remember(actor, req.sessionToken, body.unitId),
  }),
  route({
    method: 'POST',
    url: '/api/memberships',
    summary: 'Add a person to a unit (e.g. an in-service party member to their co-building unit)',
    tag: 'memberships',
    access: ['district_admin'],
    body: z.strictObject({
      userId: z.string().min(1).max(60),
      unitId: z.string().min(1).max(40),
      role: z.enum(MEMBERSHIP_ROLES),
      since: z.iso.date().optional(),
    }),
    response: z.object({ items: z.array(membershipView) }),
    handler: async ({ actor, body }) => ({ items: await s.memberships.add(actor, body) }),
  }),
  route({
    method: 'DELETE',
    url: '/api/memberships/:userId/:unitId',
    summary: 'End a membership: the person no longer acts for the unit (sessions acting for it are cleared); audited',
    tag: 'memberships',
    access: ['district_admin'],
    params: z.strictObject({ userId: z.string().min(1).max(60), unitId: z.string().min(1).max(40) }),
    response: z.object({ items: z.array(membershipView) }),
    handler: async ({ actor, params }) => ({ items: await s.memberships.end(actor, params.userId, params.unitId) }),
  }),
];
