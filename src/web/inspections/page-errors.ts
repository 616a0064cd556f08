/** Turning a service refusal into what a page shows: field errors re-render the form, others go in the summary. */
import { NotFoundError, ServiceError, ValidationError, type FieldError } from '../../services/errors.js';

/**
 * Field errors for the page, or rethrows. 404 (and anything that is not a service error) is
 * never shown as a form error: the page does not exist for this person.
 */
export function pageErrors(e: unknown, fallbackField: string): FieldError[] {
  if (e instanceof ValidationError) return e.fields.length ? e.fields : [{ field: fallbackField, message: e.message }];
  if (e instanceof NotFoundError || !(e instanceof ServiceError) || e.status === 401) throw e;
  return [{ field: fallbackField, message: e.message }];
}

export function statusFor(e: unknown): number {
  return e instanceof ServiceError ? e.status : 400;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id in the path is a page that does not exist. */
export function assertUuids(params: unknown): void {
  for (const v of Object.values((params ?? {}) as Record<string, string>)) if (typeof v === 'string' && !UUID.test(v)) throw new NotFoundError();
}
