import type { MessageKey, MessageParams } from '../i18n/index.ts';

export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'csrf'
  | 'internal';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  csrf: 403,
  rate_limited: 429,
  internal: 500,
};

export interface FieldError {
  /** Form field / JSON property name (dot path for nested values). */
  field: string;
  messageKey: MessageKey;
  params?: MessageParams;
}

/**
 * The one error type use cases throw. The HTTP layer maps `code` to a status and renders
 * `messageKey` in the reader's language, as problem+json for the API or a page for browsers.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly options: { params?: MessageParams; fields?: FieldError[]; cause?: unknown } = {},
  ) {
    super(`${code}: ${messageKey}`, { cause: options.cause });
    this.name = 'AppError';
    this.status = STATUS_BY_CODE[code];
  }

  get fields(): FieldError[] {
    return this.options.fields ?? [];
  }
}

export function validationError(fields: FieldError[], messageKey: MessageKey = 'error.validation'): AppError {
  return new AppError('validation', messageKey, { fields });
}

export const notFound = (): AppError => new AppError('not_found', 'error.not_found');
export const forbidden = (): AppError => new AppError('forbidden', 'error.forbidden');
