import type { FastifyRequest } from 'fastify';
import { errors } from '../errors.js';
import { parserError } from './error-handler.js';

/**
 * The one file of a multipart request (field "file"), read whole. Whatever the parser raises
 * while reading (a body that does not match its boundary, no closing delimiter, no boundary, a
 * file over the limit) is the caller's malformed request: a 4xx naming it, never a 500.
 */
export async function readOneFile(req: FastifyRequest, limitBytes: number): Promise<{ buf: Buffer; fileName: string }> {
  if (!req.isMultipart()) throw errors.unsupportedType('Content-Type', 'multipart/form-data');
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  let buf: Buffer;
  try {
    file = await req.file({ limits: { fileSize: limitBytes, files: 1 } });
    buf = file ? await file.toBuffer() : Buffer.alloc(0);
  } catch (e) {
    throw (
      parserError(e as Error) ??
      errors.validation('body', 'body：multipart 请求体格式错误', `body: the multipart body is malformed (${(e as Error).message})`)
    );
  }
  if (!file) throw errors.validation('file', 'file：缺少文件', 'file: no file');
  if (file.fieldname !== 'file')
    throw errors.validation(file.fieldname, `${file.fieldname}：文件字段应为 file`, 'the file field must be named "file"');
  return { buf, fileName: file.filename };
}
