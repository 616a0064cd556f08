/** Assertions on a form page re-rendered with errors, shared by the "forms keep work" tests (issue 17). */
import { expect } from 'vitest';

/** 6,000 characters of text: over every long field's 5,000-character limit. */
export const LONG = `${'A long account of what happened. '.repeat(181)}`.slice(0, 6000);

/** The page re-rendered as the form: summary linking to the field, message at the field, no validator text. */
export function expectFieldError(body: string, fieldId: string, message: string, errorId = fieldId): void {
  expect(body).toContain('There is a problem');
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
  expect(summary).toContain(`href="#${fieldId}"`);
  expect(summary).toContain(message);
  const fieldError = new RegExp(`<p id="${errorId}-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span> ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  expect(body).toMatch(fieldError);
  expect(body).not.toMatch(/must NOT have|body\/|Too big|expected string|Invalid input/);
}

/** The GOV.UK character count around a textarea, with its stated limit. */
export function expectCharacterCount(body: string, fieldId: string, limit: string): void {
  const at = body.search(new RegExp(`<textarea[^>]*id="${fieldId}"`));
  expect(at).toBeGreaterThan(0);
  const group = body.slice(body.lastIndexOf('<div class="govuk-form-group', at), at);
  expect(group).toContain('data-module="govuk-character-count"');
  expect(group).toContain(`data-maxlength="${limit.replace(',', '')}"`);
  expect(body.slice(at)).toContain(`You can enter up to ${limit} characters`);
}

/** A GOV.UK date input part (day, month or year) showing what was typed. */
export function expectDatePart(body: string, id: string, value: string): void {
  expect(body).toMatch(new RegExp(`<input\\s+class="govuk-input govuk-date-input__input[^"]*" id="${id}" name="${id}" type="text" value="${value}"`));
}
