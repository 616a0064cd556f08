/**
 * Errors services raise for the adapters to translate: pages show a GOV.UK error
 * (summary or status page), the API answers { error: { code, message } }.
 */
export interface FieldError {
  /** The form field (or JSON property) that is wrong. */
  field: string;
  message: string;
}

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ValidationError extends ServiceError {
  constructor(readonly fields: FieldError[]) {
    super(400, 'validation_failed', fields.map((f) => f.message).join('; ') || 'The request is not valid');
  }
}

/** Also used when the caller may not know the thing exists (authorisation by obscurity of ids). */
export class NotFoundError extends ServiceError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message = 'You do not have permission to do that') {
    super(403, 'forbidden', message);
  }
}

export class UnauthenticatedError extends ServiceError {
  constructor(message = 'Sign in to continue') {
    super(401, 'unauthenticated', message);
  }
}

export class ConflictError extends ServiceError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

export class TooManyRequestsError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
