/** Turning field errors into GOV.UK macro params: the summary at the top and the message by each field. */
import type { FieldError } from '../services/errors.js';

export interface ErrorSummaryParams {
  titleText: string;
  errorList: { text: string; href: string }[];
}

/** The id of a field's input, which the error summary links to. */
export function fieldId(field: string): string {
  return field;
}

export function errorSummary(errors: readonly FieldError[]): ErrorSummaryParams | null {
  if (errors.length === 0) return null;
  return { titleText: 'There is a problem', errorList: errors.map((e) => ({ text: e.message, href: `#${fieldId(e.field)}` })) };
}

/** `errorMessage` for a GOV.UK input: the first error for the field, or false (no error). */
export function errorFor(errors: readonly FieldError[], field: string): { text: string } | false {
  const e = errors.find((x) => x.field === field);
  return e ? { text: e.message } : false;
}

/** GOV.UK: a page whose form has errors gets "Error: " before its title. */
export function pageTitle(title: string, errors: readonly FieldError[]): string {
  return errors.length ? `Error: ${title}` : title;
}

/** Only a path on this site: never another origin (`//evil.example`, `/\evil.example`, `https://…`). */
export function safeReturnTo(value: unknown, fallback = '/home'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  // Control characters (tabs and newlines are dropped by browsers, turning "/\t/evil.example" into
  // "//evil.example") and backslashes (read as slashes) are never part of a path we send people to.
  if (!value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let parsed: URL;
  const base = 'https://inspectorate.invalid';
  try {
    parsed = new URL(value, base);
  } catch {
    return fallback;
  }
  // Compared after parsing: only a path on this service, never another origin.
  if (parsed.origin !== base || value.startsWith('//')) return fallback;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  if (path.startsWith('//') || path.startsWith('/sign-in') || path.startsWith('/sign-out')) return fallback;
  return path;
}

/** A string field from a parsed form body (missing and non-string values become ''). */
export function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}
