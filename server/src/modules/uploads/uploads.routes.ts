import fs from 'node:fs';
import { z } from 'zod';
import { errors } from '../../errors.js';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';

export const uploadsRoutes = (s: Services) => [
  route({
    method: 'POST',
    url: '/api/uploads',
    summary: 'Upload a photo (multipart field "file"; JPEG, PNG or WebP); attach its id to a request or an action',
    tag: 'uploads',
    access: 'public',
    rawBody: true,
    handler: async ({ actor, req, reply }) => {
      if (!req.isMultipart()) throw errors.unsupportedType('Content-Type', 'multipart/form-data');
      const file = await req.file({ limits: { fileSize: s.config.uploadLimitBytes, files: 1 } });
      if (!file) throw errors.validation('file', 'file：缺少文件', 'file: no file');
      if (file.fieldname !== 'file')
        throw errors.validation(file.fieldname, `${file.fieldname}：文件字段应为 file`, 'the file field must be named "file"');
      const buf = await file.toBuffer();
      reply.code(201);
      return s.uploads.save(actor, buf, file.filename);
    },
  }),
  route({
    method: 'GET',
    url: '/api/uploads/:id',
    summary: 'A photo, for those who may see it (residents without an account add the access token of POST /api/track)',
    tag: 'uploads',
    access: 'public',
    params: z.strictObject({ id: z.string().uuid() }),
    query: z.strictObject({ access: z.string().max(200).optional() }),
    handler: async ({ actor, params, query, reply }) => {
      const f = await s.uploads.open(actor, params.id, query.access ? { access: query.access } : undefined);
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').type(f.mime);
      return reply.send(fs.createReadStream(f.file));
    },
  }),
];
