/**
 * Domain errors with stable machine codes. Domain code throws these; the HTTP
 * layer (http/error-handler.ts) is the one place that maps a code to a status.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED';

export interface FieldIssue {
  field: string;
  message: string;
  messageEn: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly messageEn: string,
    readonly details: { field?: string; issues?: FieldIssue[]; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (field: string, message: string, messageEn: string) =>
    new AppError('VALIDATION_FAILED', message, messageEn, {
      field,
      issues: [{ field, message, messageEn }],
    }),
  validationIssues: (issues: FieldIssue[]) => {
    const first = issues[0] ?? { field: '', message: '输入无效', messageEn: 'Invalid input' };
    return new AppError('VALIDATION_FAILED', first.message, first.messageEn, { field: first.field, issues });
  },
  unauthenticated: () => new AppError('UNAUTHENTICATED', '请先登录', 'Please sign in'),
  badCredentials: () => new AppError('UNAUTHENTICATED', '用户名或密码错误', 'Wrong username or password'),
  /** The same answer whether or not the account exists (docs/security.md, ## Accounts). */
  loginThrottled: (retryAfterSeconds: number) =>
    new AppError(
      'RATE_LIMITED',
      `登录尝试过多，请 ${retryAfterSeconds} 秒后再试`,
      `Too many sign-in attempts; try again in ${retryAfterSeconds} s`,
      { retryAfter: retryAfterSeconds },
    ),
  passwordChangeRequired: () =>
    new AppError('PASSWORD_CHANGE_REQUIRED', '密码已被重置，请先修改密码', 'Your password was reset; change it before doing anything else'),
  forbidden: (what = '此操作') => new AppError('FORBIDDEN', `无权执行${what}`, `You are not allowed to do this (${what})`),
  notFound: (entity: string, entityEn: string) => new AppError('NOT_FOUND', `${entity}不存在`, `${entityEn} not found`),
  conflict: (message: string, messageEn: string, details: Record<string, unknown> = {}) =>
    new AppError('CONFLICT', message, messageEn, details),
  staleVersion: () =>
    new AppError(
      'CONFLICT',
      '该诉求刚刚被他人处理，状态已变化，请刷新后重试',
      'Someone else acted on this request a moment ago; reload and try again',
    ),
  invalidTransition: (action: string, status: string) =>
    new AppError(
      'INVALID_TRANSITION',
      `当前状态（${status}）不能执行“${action}”`,
      `Action "${action}" is not allowed in status "${status}"`,
      { action, status },
    ),
  tooLarge: (field: string, limit: string) =>
    new AppError('PAYLOAD_TOO_LARGE', `${field} 超过大小上限 ${limit}`, `${field} exceeds the limit of ${limit}`, {
      field,
    }),
  unsupportedType: (field: string, allowed: string) =>
    new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${field} 文件类型不支持，仅支持 ${allowed}`,
      `${field}: unsupported file type; allowed: ${allowed}`,
      {
        field,
      },
    ),
};

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
