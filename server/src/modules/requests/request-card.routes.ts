import { z } from 'zod';
import { route } from '../../http/route.js';
import { CONTENT_TYPES } from '../../platform/documents/documents.service.js';
import type { Services } from '../../services.js';
import { requestCard } from './request-card.js';
import { idParams } from './requests.schema.js';

const cardParams = idParams.extend({ format: z.enum(['pdf', 'docx']) }).strict();

export const requestCardRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/requests/:id/card.:format',
    summary: 'The printable 工单 card of a request (PDF or Word; phone masked; QR code with a signed link)',
    tag: 'requests',
    access: 'authenticated',
    params: cardParams,
    scoped: 'request',
    handler: async ({ actor, params, reply }) => {
      const { number, spec } = await requestCard(s, actor, params.id);
      const file = await s.documents.render(spec, params.format);
      reply
        .header('content-type', CONTENT_TYPES[params.format])
        .header('content-disposition', `attachment; filename="${number}.${params.format}"`)
        .header('cache-control', 'no-store');
      return reply.send(file);
    },
  }),
];
