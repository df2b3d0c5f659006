import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { type AppError, type ErrorCode, errors, isAppError } from '../errors.js';
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
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.validation('body', 'body：请求体不是有效的 JSON', 'body: the request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return errors.tooLarge('body', 'the configured limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return errors.unsupportedType('Content-Type', 'application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.validation('Content-Length', 'Content-Length：长度与请求体不符', 'Content-Length does not match the body');
    case '23505': // PostgreSQL unique violation
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return errors.conflict('记录已存在', 'The record already exists');
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return errors.conflict('引用的记录不存在或仍被使用', 'A referenced record does not exist or is still in use');
    case '22021': // PostgreSQL: character not in repertoire (a NUL byte that slipped past the routes' check)
    case '22P05':
      return errors.validation('body', 'body：包含数据库无法保存的字符', 'body: contains a character the database cannot store');
    // Another connection (a second instance or process) holds the rows or the SQLite write lock:
    // the caller lost a race and may retry; nothing was written.
    case 'SQLITE_BUSY':
    case 'SQLITE_BUSY_SNAPSHOT':
    case 'SQLITE_BUSY_RECOVERY':
    case 'SQLITE_LOCKED':
    case '40001': // PostgreSQL serialization_failure
    case '40P01': // PostgreSQL deadlock_detected
    case '55P03': // PostgreSQL lock_not_available
      return errors.conflict('数据正被他人同时修改，请稍后重试', 'Someone else is changing the same data right now; please try again');
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return errors.validation('request', `请求无效：${e.message}`, `Bad request: ${e.message}`);
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
