/**
 * Validating a page form once, at the edge, with zod, mapped to the project's field errors.
 *
 * Every schema built from these helpers carries its own GOV.UK-style messages ("Enter the action",
 * "Action must be 500 characters or fewer", "Due date must be a real date"); a fallback catches any
 * issue without one, so validator text never reaches a page. All errors come back at once.
 */
import { z } from 'zod';
import { formatDate, isRealDate } from '../domain/shared/dates.js';
import type { FieldError } from '../services/errors.js';

/** Limits stated in hints and enforced here; the GOV.UK character count shows them as people type. */
export const TEXT_LIMITS = { name: 200, title: 500, long: 5000 } as const;

/** A form body as the browser sent it: every named field a string ('' when missing or not a string). */
export function formValues(body: unknown, names: readonly string[]): Record<string, string> {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(names.map((n) => [n, typeof b[n] === 'string' ? (b[n] as string) : '']));
}

const n = (count: number) => count.toLocaleString('en-GB');

/** A text field. `label` starts the messages: "Action must be 500 characters or fewer". */
export function text(label: string, opts: { max: number; required?: string }) {
  let s = z.string({ error: `Enter ${label.toLowerCase()}` }).trim();
  if (opts.required) s = s.min(1, { error: opts.required });
  // Browsers send a new line as CR LF but count it (in the character count) as one character.
  return z.preprocess(oneCharacterNewLines, s.max(opts.max, { error: `${label} must be ${n(opts.max)} characters or fewer` }));
}

function oneCharacterNewLines(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v;
}

/** Free text with no arbitrary cap (a report section): only "enter something" when required. */
export function unlimitedText(required?: string) {
  const s = z.string().trim();
  return required ? s.min(1, { error: required }) : s;
}

/** One of the given values; `message` when nothing or something else was chosen. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/**
 * The GOV.UK date input's error patterns for one date (day, month, year fields named
 * `${name}-day`, `${name}-month`, `${name}-year`): "Enter the due date", "Due date must include a
 * month", "Due date must be a real date", "Due date must be today or in the future".
 * The error is reported on the first part that is wrong, so the summary link lands there.
 * Returns the date as YYYY-MM-DD.
 */
export function govukDate(name: string, label: string, opts: { required?: string; notBefore?: string; notAfter?: string }) {
  return z
    .object({ day: z.string(), month: z.string(), year: z.string() })
    .transform((v, ctx): string => {
      const day = v.day.trim();
      const month = v.month.trim();
      const year = v.year.trim();
      const issue = (part: 'day' | 'month' | 'year', message: string) => {
        ctx.addIssue({ code: 'custom', message, path: [`${name}-${part}`] });
        return z.NEVER;
      };
      // An optional date (no `required` message) left empty is '' (the service then uses its default).
      if (!day && !month && !year) return opts.required ? issue('day', opts.required) : '';
      const missing = (['day', 'month', 'year'] as const).filter((p) => !{ day, month, year }[p]);
      if (missing.length) return issue(missing[0]!, `${label} must include a ${missing.join(' and ')}`);
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
        if (!/^\d{4}$/.test(year) && /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month)) return issue('year', 'Year must include 4 numbers');
        return issue(!/^\d{1,2}$/.test(day) ? 'day' : 'month', `${label} must be a real date`);
      }
      const [d, m, y] = [Number(day), Number(month), Number(year)];
      if (!isRealDate(y, m, d)) return issue(m < 1 || m > 12 ? 'month' : 'day', `${label} must be a real date`);
      const iso = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      if (opts.notBefore && iso < opts.notBefore) return issue('day', `${label} must be the same as or after ${formatDate(opts.notBefore)}`);
      if (opts.notAfter && iso > opts.notAfter) return issue('day', `${label} must be the same as or before ${formatDate(opts.notAfter)}`);
      return iso;
    });
}

/** The day, month and year typed for a GOV.UK date input named `name`. */
export function dateParts(body: unknown, name: string): DateParts {
  const v = formValues(body, [`${name}-day`, `${name}-month`, `${name}-year`]);
  return { day: v[`${name}-day`] ?? '', month: v[`${name}-month`] ?? '', year: v[`${name}-year`] ?? '' };
}

/** GOV.UK date input items for the macro, keeping what was typed and marking the parts in error. */
export function dateInputItems(name: string, parts: DateParts, errors: readonly FieldError[]) {
  const has = (p: string) => errors.some((e) => e.field === `${name}-${p}`);
  const any = has('day') || has('month') || has('year');
  // GOV.UK: when the whole date is wrong (not one part), every part is marked.
  const whole = errors.some((e) => e.field.startsWith(`${name}-`) && / must be (a real date|the same as)/.test(e.message));
  const cls = (p: string, width: number) => `govuk-input--width-${width}${has(p) || whole || (any && p === 'day' && !has('month') && !has('year')) ? ' govuk-input--error' : ''}`;
  return [
    { name: 'day', label: 'Day', classes: cls('day', 2), value: parts.day },
    { name: 'month', label: 'Month', classes: cls('month', 2), value: parts.month },
    { name: 'year', label: 'Year', classes: cls('year', 4), value: parts.year },
  ];
}

/** A YYYY-MM-DD value (or the date part of a timestamp) as the day, month and year a person types. */
export function isoDateParts(iso: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' };
}

/**
 * Ready params for the GOV.UK date input macro (govukDateInput): its legend, hint, the parts typed
 * and the message at the field. A service error on the whole date (`name`) is shown at its day.
 */
export function dateInput(name: string, legend: string, parts: DateParts, errors: readonly FieldError[], opts: { hint?: string; legendClasses?: string } = {}) {
  const all = errors.map((e) => (e.field === name ? { ...e, field: `${name}-day` } : e));
  return {
    id: name,
    namePrefix: name,
    fieldset: { legend: { text: legend, classes: opts.legendClasses ?? 'govuk-fieldset__legend--s' } },
    ...(opts.hint ? { hint: { text: opts.hint } } : {}),
    errorMessage: dateError(name, all),
    items: dateInputItems(name, parts, all),
  };
}

/** A hint example a few weeks after `today` (YYYY-MM-DD), written as people type it: "For example, 20 11 2026". */
export function dateHintExample(today: string, daysAhead = 28): string {
  const d = new Date(`${today.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + daysAhead);
  return `For example, ${d.getUTCDate()} ${d.getUTCMonth() + 1} ${d.getUTCFullYear()}`;
}

/** Service errors about a whole date (`dueDate`) moved to its day field, where the summary link lands. */
export function atDateDay(errors: readonly FieldError[], ...names: string[]): FieldError[] {
  return errors.map((e) => (names.includes(e.field) ? { ...e, field: `${e.field}-day` } : e));
}

/** The error message for a whole date input (its first part in error), or false. */
export function dateError(name: string, errors: readonly FieldError[]): { text: string } | false {
  const e = errors.find((x) => x.field.startsWith(`${name}-`));
  return e ? { text: e.message } : false;
}

/**
 * The body schema of a page form: its fields are strings (or lists of strings, from checkboxes).
 * What each must hold is its zod schema's to say, so there is no length limit here: a limit in
 * the route schema would answer with a dead-end error page and lose what the person typed.
 */
export const pageFormSchema = {
  body: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', maxItems: 500, items: { type: 'string' } }] } },
} as const;

/** Errors from several checks, first come first: a field already in error keeps its first message. */
export function mergeErrors(first: readonly FieldError[], ...more: (readonly FieldError[])[]): FieldError[] {
  const out = [...first];
  for (const list of more) for (const e of list) if (!out.some((x) => x.field === e.field)) out.push(e);
  return out;
}

export type Parsed<T> = { ok: true; value: T; errors: [] } | { ok: false; errors: FieldError[] };

/**
 * Parse a form with its schema. Every issue becomes a FieldError on the field it is about; an issue
 * without a message of ours gets a plain fallback naming nothing technical.
 */
export function parseForm<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const result = schema.safeParse(input, { error: () => 'Check what you entered here' });
  if (result.success) return { ok: true, value: result.data, errors: [] };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    // Forms are flat: a field is the last part of the path (a date input reports on its day, month or year).
    const last = issue.path[issue.path.length - 1];
    const field = last === undefined ? 'form' : String(last);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return { ok: false, errors };
}

/** GOV.UK character count params for a textarea: the limit stated under it, and the live count with JavaScript. */
export function characterCount(params: { id: string; name: string; label: { text: string; classes?: string }; value: string; max: number; hint?: string; rows?: number; errorMessage: { text: string } | false; attributes?: Record<string, string> }) {
  return {
    id: params.id,
    name: params.name,
    label: params.label,
    ...(params.hint ? { hint: { text: params.hint } } : {}),
    value: params.value,
    maxlength: params.max,
    textareaDescriptionText: `You can enter up to ${n(params.max)} characters`,
    rows: params.rows ?? 5,
    errorMessage: params.errorMessage,
    ...(params.attributes ? { attributes: params.attributes } : {}),
  };
}
