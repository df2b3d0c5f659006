import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { isBusy } from '../db/busy.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, type ErrorCode, errors, isAppError } from '../errors.js';
import { describeIssues } from './zod-messages.js';

/** The one place where error codes become HTTP statuses. */
export const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PASSWORD_CHANGE_REQUIRED: 403,
  RATE_LIMITED: 429,
};

/** Converts anything thrown into an AppError; unknown errors stay unknown (500). */
export function toAppError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  if (err instanceof ZodError) return errors.validationIssues(describeIssues(err.issues, 'body'));
  const e = err as FastifyError & { code?: string; constraint?: string };
  const parser = parserError(e);
  if (parser) return parser;
  if (isUniqueViolation(e)) return errors.conflict('记录已存在', 'The record already exists');
  // Another connection (a second instance or process) holds the rows or the SQLite write lock:
  // the caller lost a race and may retry; nothing was written.
  if (isBusy(e))
    return errors.conflict('数据正被他人同时修改，请稍后重试', 'Someone else is changing the same data right now; please try again');
  switch (e?.code) {
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return errors.conflict('引用的记录不存在或仍被使用', 'A referenced record does not exist or is still in use');
    case '22021': // PostgreSQL: character not in repertoire (a NUL byte that slipped past the routes' check)
    case '22P05':
      return errors.validation('body', 'body：包含数据库无法保存的字符', 'body: contains a character the database cannot store');
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return errors.validation('request', `请求无效：${e.message}`, `Bad request: ${e.message}`);
  return null;
}

const tooLarge = (what: string, whatEn: string) =>
  new AppError('PAYLOAD_TOO_LARGE', `${what}超过大小上限`, `${whatEn} exceeds the configured limit`, { field: 'body' });

/**
 * Errors of the body parsers (JSON, multipart, content type, size): always the caller's fault,
 * named in a 400/413/415. The multipart parser (busboy) throws plain errors without codes; they
 * are recognised by their messages, and any other error the multipart parser raises is a 400 too.
 */
export function parserError(e: (Error & { code?: string }) | undefined): AppError | null {
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.validation('body', 'body：请求体不是有效的 JSON', 'body: the request body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.validation('body', 'body：声明为 JSON 的请求体为空', 'body: the JSON body is empty');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge('请求体', 'The request body');
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge('文件', 'The file');
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', 'body：表单的分段过多（只能上传一个文件）', 'body: too many parts (one file only)', {
        field: 'body',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedType('Content-Type', 'application/json');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return errors.unsupportedType('Content-Type', 'multipart/form-data');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.validation('Content-Length', 'Content-Length：长度与请求体不符', 'Content-Length does not match the body');
    case 'FST_PROTO_VIOLATION':
      return errors.validation('body', 'body：表单字段名不允许', 'body: a form field name is not allowed');
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return errors.validation('body', 'body：声明为 JSON 的表单字段不是有效的 JSON', 'body: a JSON form field is not valid JSON');
    case 'FST_MP_PREMATURE_CLOSE':
      return errors.validation('body', 'body：请求体未传完即中断', 'body: the request ended before the form was complete');
  }
  const m = e?.message ?? '';
  if (/Boundary not found|Boundary required|needle cannot/i.test(m))
    return errors.validation(
      'Content-Type',
      'Content-Type：multipart/form-data 缺少有效的 boundary 参数',
      'Content-Type: multipart/form-data needs a valid boundary parameter',
    );
  if (/Unexpected end of multipart data|terminated early/i.test(m))
    return errors.validation(
      'body',
      'body：multipart 请求体不完整或与 boundary 不符（缺少结束分隔符）',
      'body: the multipart body is incomplete or does not match its boundary (no closing delimiter)',
    );
  if (/Malformed part header|Unexpected end of form/i.test(m))
    return errors.validation('body', 'body：multipart 请求体格式错误', 'body: the multipart body is malformed');
  return null;
}

/**
 * `spaShell`: when the web app is served, GET requests for client-side routes (anything outside
 * /api and /open311) get its index.html; everything else unknown is a 404 in the error format.
 */
export function registerErrorHandler(app: FastifyInstance, opts: { spaShell?: boolean } = {}): void {
  app.setErrorHandler((err, req, reply) => {
    const app_ = toAppError(err);
    if (!app_) {
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send({
        error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试', messageEn: 'Internal server error; please try again later' },
      });
    }
    if (typeof app_.details.retryAfter === 'number') reply.header('Retry-After', String(app_.details.retryAfter));
    return reply.code(STATUS[app_.code]).send({
      error: { code: app_.code, message: app_.message, messageEn: app_.messageEn, ...app_.details },
    });
  });
  app.setNotFoundHandler((req, reply) => {
    if (opts.spaShell && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/open311/'))
      return reply.type('text/html').sendFile('index.html');
    const e = errors.notFound(`接口 ${req.method} ${req.url.split('?')[0]} `, `Route ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(404).send({ error: { code: e.code, message: e.message, messageEn: e.messageEn } });
  });
}
