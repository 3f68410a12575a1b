// Every error a user can cause has a stable code, an HTTP status and a message in Chinese
// and English; details name the field and the reason. Routes throw AppError, the HTTP
// layer turns it into {code, message, message_en, details}.
export interface ErrorDetail { field: string; reason: string; reason_en?: string; value?: unknown; row?: number }

const CATALOGUE = {
  VALIDATION: [400, '输入有误，请检查标出的字段', 'Invalid input: see the fields named'],
  UNAUTHENTICATED: [401, '请先登录', 'Please sign in'],
  BAD_CREDENTIALS: [401, '用户名或密码错误', 'Wrong username or password'],
  LOCKED: [429, '登录失败次数过多，请稍后再试', 'Too many failed sign-ins; try again later'],
  CSRF: [403, '请求校验失败，请刷新页面后重试', 'CSRF check failed; reload the page and try again'],
  FORBIDDEN: [403, '没有权限执行此操作', 'You do not have permission for this'],
  OUT_OF_SCOPE: [403, '该数据不在您的管辖范围内', 'This record is outside your region or department'],
  NOT_FOUND: [404, '记录不存在', 'Not found'],
  CONFLICT: [409, '数据已被他人修改，请刷新后重试', 'Someone else changed this record; reload and try again'],
  DUPLICATE: [409, '数据重复', 'Duplicate record'],
  ILLEGAL_STEP: [409, '当前状态不能执行此操作', 'This step is not allowed in the current state'],
  IN_USE: [409, '记录仍被引用，无法删除', 'The record is still referenced and cannot be deleted'],
  IMPORT_FAILED: [422, '导入文件有错误，未写入任何数据', 'The import file has errors; nothing was written'],
  UNSUPPORTED_FILE: [415, '不支持的文件类型', 'Unsupported file type'],
  INTERNAL: [500, '服务器内部错误', 'Internal server error'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ErrorCode = keyof typeof CATALOGUE;

export class AppError extends Error {
  readonly status: number;
  readonly message_en: string;
  constructor(readonly code: ErrorCode, readonly details: ErrorDetail[] = [], message?: string, messageEn?: string) {
    const [status, zh, en] = CATALOGUE[code];
    super(message ?? zh);
    this.status = status;
    this.message_en = messageEn ?? en;
  }
  toJSON() {
    return { code: this.code, message: this.message, message_en: this.message_en, details: this.details };
  }
}

export const invalid = (field: string, reason: string, reason_en: string, value?: unknown) =>
  new AppError('VALIDATION', [{ field, reason, reason_en, ...(value === undefined ? {} : { value }) }]);
export const notFound = (what = '') => new AppError('NOT_FOUND', [], what ? `${what}不存在` : undefined);
export const conflict = (field = 'version') =>
  new AppError('CONFLICT', [{ field, reason: '版本已过期，请刷新', reason_en: 'stale version; reload' }]);

/** Translate a database constraint violation into a user error (duplicate / still referenced). */
export function fromDbError(e: unknown): AppError | null {
  const err = e as { code?: string; constraint?: string; detail?: string; message?: string };
  if (err?.code === '23505') {
    const field = constraintField(err.constraint ?? err.message ?? '');
    return new AppError('DUPLICATE', [{ field, reason: '已存在相同的值', reason_en: 'this value already exists' }]);
  }
  if (err?.code === '23503') {
    const field = constraintField(err.constraint ?? err.message ?? '');
    return new AppError('IN_USE', [{ field, reason: '被其他记录引用或引用的记录不存在', reason_en: 'referenced by, or referencing a missing, record' }]);
  }
  return null;
}

function constraintField(name: string): string {
  // e.g. residents_id_number, households_external_code_key → id_number, external_code
  const m = name.match(/^[a-z]+?_((?:[a-z]+_)*?[a-z]+?)(?:_key|_fkey|_pkey)?$/);
  return m ? m[1] : name;
}
