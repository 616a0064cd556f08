import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { atDateDay, dateHintExample, dateInput, govukDate, isoDateParts, parseForm, text } from './form-validation.js';

const dueDate = (opts: { required?: string } = {}) => z.object({ due: govukDate('due', 'Due date', opts) });
const parts = (day: string, month: string, year: string) => ({ due: { day, month, year } });

describe('govukDate: the GOV.UK date input error patterns', () => {
  it.each([
    ['a real date', parts('5', '12', '2026'), { ok: true, value: '2026-12-05' }],
    ['leading zeros and spaces', parts(' 05 ', '03', '2026'), { ok: true, value: '2026-03-05' }],
    ['31 February', parts('31', '2', '2026'), { ok: false, field: 'due-day', message: 'Due date must be a real date' }],
    ['29 February in a leap year', parts('29', '2', '2028'), { ok: true, value: '2028-02-29' }],
    ['month 13', parts('1', '13', '2026'), { ok: false, field: 'due-month', message: 'Due date must be a real date' }],
    ['no month', parts('30', '', '2026'), { ok: false, field: 'due-month', message: 'Due date must include a month' }],
    ['no month or year', parts('30', '', ''), { ok: false, field: 'due-month', message: 'Due date must include a month and year' }],
    ['a two-digit year', parts('30', '4', '26'), { ok: false, field: 'due-year', message: 'Year must include 4 numbers' }],
    ['letters', parts('first', '4', '2026'), { ok: false, field: 'due-day', message: 'Due date must be a real date' }],
  ])('%s', (_name, input, expected) => {
    const r = parseForm(dueDate({ required: 'Enter the due date' }), input);
    if ('value' in expected) expect(r).toEqual({ ok: true, value: { due: expected.value }, errors: [] });
    else expect(r.errors).toEqual([{ field: expected.field, message: expected.message }]);
  });

  it.each([
    ['required and empty: the message at the day', { required: 'Enter the due date' }, { ok: false, errors: [{ field: 'due-day', message: 'Enter the due date' }] }],
    ['optional and empty: no date, no error', {}, { ok: true, value: { due: '' }, errors: [] }],
  ])('%s', (_name, opts, expected) => {
    expect(parseForm(dueDate(opts), parts('', '', ''))).toEqual(expected);
  });
});

describe('text: limits in the words the page shows', () => {
  const schema = z.object({ title: text('Document', { max: 10, required: 'Enter the document you need' }) });
  it.each([
    ['within the limit, trimmed', '  Policy  ', { ok: true, value: { title: 'Policy' }, errors: [] }],
    ['over the limit', 'A very long title', { ok: false, errors: [{ field: 'title', message: 'Document must be 10 characters or fewer' }] }],
    ['empty', '   ', { ok: false, errors: [{ field: 'title', message: 'Enter the document you need' }] }],
    // The GOV.UK character count counts a new line once; the browser sends it as CR LF.
    ['new lines counted once, as the character count shows them', 'ab\r\ncd\r\nef', { ok: true, value: { title: 'ab\ncd\nef' }, errors: [] }],
  ])('%s', (_name, value, expected) => {
    expect(parseForm(schema, { title: value })).toEqual(expected);
  });

  it('a number of 1,000 or more is written with a comma', () => {
    const r = parseForm(z.object({ note: text('What you changed', { max: 1000 }) }), { note: 'x'.repeat(1001) });
    expect(r.errors).toEqual([{ field: 'note', message: 'What you changed must be 1,000 characters or fewer' }]);
  });
});

describe('date input params', () => {
  it.each([
    ['2026-03-05', { day: '5', month: '3', year: '2026' }],
    ['2026-11-27T09:00:00.000Z', { day: '27', month: '11', year: '2026' }],
    ['', { day: '', month: '', year: '' }],
    [null, { day: '', month: '', year: '' }],
  ])('isoDateParts(%j) gives what a person would type', (iso, expected) => {
    expect(isoDateParts(iso)).toEqual(expected);
  });

  it('a refusal of the whole date (from the service) is shown at the day, which the summary links to', () => {
    const errors = atDateDay([{ field: 'dueDate', message: 'The due date cannot be in the past' }, { field: 'title', message: 'Enter the document you need' }], 'dueDate');
    expect(errors.map((e) => e.field)).toEqual(['dueDate-day', 'title']);
    const params = dateInput('dueDate', 'Due date', { day: '1', month: '1', year: '2020' }, errors);
    expect(params.errorMessage).toEqual({ text: 'The due date cannot be in the past' });
    expect(params.items.map((i) => [i.name, i.value, i.classes.includes('govuk-input--error')])).toEqual([
      ['day', '1', true],
      ['month', '1', false],
      ['year', '2020', false],
    ]);
  });

  it.each([
    ['2026-12-06', 'For example, 3 1 2027'],
    ['2026-02-01', 'For example, 1 3 2026'],
  ])('the hint example four weeks after %s is written as typed: %s', (today, expected) => {
    expect(dateHintExample(today)).toBe(expected);
  });
});
