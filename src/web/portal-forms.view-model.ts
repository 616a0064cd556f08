/** Form pieces shared by the provider portal's pages (issue 19): GOV.UK date inputs and character counts. Pure. */
import type { FieldError } from '../services/errors.js';
import { errorFor } from './forms.view-model.js';

/** The three boxes of a GOV.UK date input, read back as YYYY-MM-DD ('' when all are empty; an impossible value when partly filled). */
export function dateFromParts(body: unknown, name: string): string {
  const get = (k: string) => {
    const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[`${name}-${k}`] : undefined;
    return typeof v === 'string' ? v.trim() : '';
  };
  const d = get('day');
  const m = get('month');
  const y = get('year');
  if (!d && !m && !y) return '';
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export function dateInput(name: string, label: string, value: string, errors: readonly FieldError[], hint = 'For example, 27 3 2026') {
  const [y, m, d] = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-') : ['', '', ''];
  const error = errorFor(errors, name);
  return {
    id: name,
    namePrefix: name,
    fieldset: { legend: { text: label, classes: 'govuk-fieldset__legend--s' } },
    hint: { text: hint },
    errorMessage: error,
    items: [
      { id: name, name: 'day', label: 'Day', classes: `govuk-input--width-2${error ? ' govuk-input--error' : ''}`, value: d ? String(Number(d)) : '' },
      { name: 'month', label: 'Month', classes: `govuk-input--width-2${error ? ' govuk-input--error' : ''}`, value: m ? String(Number(m)) : '' },
      { name: 'year', label: 'Year', classes: `govuk-input--width-4${error ? ' govuk-input--error' : ''}`, value: y ?? '' },
    ],
  };
}

export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/).length : 0;
}
