import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { requestCardFile } from './request-card.js';
import { idParams } from './requests.schema.js';

const cardParams = idParams.extend({ format: z.enum(['pdf', 'docx']) }).strict();

export const requestCardRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/requests/:id/card.:format',
    summary: 'The printable 工单 card of a request (PDF or Word; phone masked; QR code with a signed link)',
    tag: 'requests',
    access: 'authenticated',
    rateLimit: 'feed', // a PDF or Word file is built per call
    params: cardParams,
    scoped: 'request',
    file: true,
    handler: async ({ actor, params, reply }) => {
      const file = await requestCardFile(s, actor, params.id, params.format);
      reply
        .header('content-type', file.mime)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store');
      return reply.send(file.body);
    },
  }),
];
