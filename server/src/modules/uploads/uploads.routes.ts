import fs from 'node:fs';
import { z } from 'zod';
import { readOneFile } from '../../http/multipart.js';
import { chargeCaller } from '../../http/rate-limit.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { uploadView } from './uploads.responses.js';

export const uploadsRoutes = (s: RouteServices) => [
  route({
    method: 'POST',
    url: '/api/uploads',
    created: 'always',
    summary: 'Upload a photo (multipart field "file"; JPEG, PNG or WebP); attach its id to a request or an action',
    tag: 'uploads',
    access: 'public',
    rateLimit: 'upload',
    rawBody: true,
    response: uploadView,
    handler: async ({ actor, req, reply }) => {
      const { buf, fileName } = await readOneFile(req, s.config.uploadLimitBytes);
      // what reaches the disk is limited too, not only the number of calls
      await chargeCaller(req, reply, 'uploadMiB', Math.ceil(buf.length / 1024 / 1024));
      return s.uploads.save(actor, buf, fileName);
    },
  }),
  route({
    method: 'GET',
    url: '/api/uploads/:id',
    summary: 'A photo, for those who may see it (residents without an account add the access token of POST /api/track)',
    tag: 'uploads',
    access: 'public',
    // a photo asked for with a wrong or expired access token costs more than one that opens
    rateLimit: { name: 'general', failureCost: 3 },
    params: z.strictObject({ id: z.string().uuid() }),
    query: z.strictObject({ access: z.string().max(200).optional() }),
    file: true,
    handler: async ({ actor, params, query, reply }) => {
      const f = await s.uploads.open(actor, params.id, query.access ? { access: query.access } : undefined);
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').type(f.mime);
      return reply.send(fs.createReadStream(f.file));
    },
  }),
];
