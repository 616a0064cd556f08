import { describe, expect, it } from 'vitest';
import { article, countOf, forPeople, howWorkedOut } from './plain-words.js';

describe('plain words', () => {
  it.each([
    ['Action plan: 28 days from the date the report was published (deadlines@2026-12-01).', 'Action plan: 28 days from the date the report was published.'],
    ['Due Friday 11 September 2026 (evidence-due-date/1: short notice, so due 1 working day before)', 'Due Friday 11 September 2026 (short notice, so due 1 working day before)'],
    ['Generated 24 October 2025 at 11am (template enforcement-documents/1)', 'Generated 24 October 2025 at 11am'],
    ['the adult social care table is used (UNVERIFIED). Rules: risk-score/1.', 'the adult social care table is used (not yet confirmed). Rules.'],
    ['Method saf-2024@2024-12-02 (Single assessment framework)', 'Method (Single assessment framework)'],
    ['from 2025-10-07 to 2025-10-08', 'from 7 October 2025 to 8 October 2025'],
  ])('%s', (input, expected) => {
    expect(forPeople(input)).toBe(expected);
  });

  it('keeps the identifiers for staff in a closed details', () => {
    expect(howWorkedOut(['Rule evidence-due-date/1'], 'deadlines@2026-12-01')?.html).toContain('deadlines@2026-12-01');
    expect(howWorkedOut([])).toBeNull();
  });

  it('counts and articles', () => {
    expect(countOf(1, 'action')).toBe('1 action');
    expect(countOf(3, 'action')).toBe('3 actions');
    expect(`${article('NHS')} NHS number`).toBe('an NHS number');
    expect(article('user')).toBe('a');
    expect(article('inspection')).toBe('an');
  });
});
