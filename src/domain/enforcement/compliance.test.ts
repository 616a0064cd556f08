import { describe, expect, it } from 'vitest';
import { formatDateSpan } from '../deadlines/calendar-date.js';
import { actionDueAgainstNotice, complianceCheckWindow, escalationOptions, representationTimeliness } from './compliance.js';

describe('enforcement compliance rules (enforcement-compliance/1)', () => {
  it.each([
    ['before the date to comply by', '2025-12-01', 42, { earliest: '2025-12-19', latest: '2026-01-30', overdue: false }],
    ['on the last day to check', '2026-01-30', 42, { earliest: '2025-12-19', latest: '2026-01-30', overdue: false }],
    ['after the last day to check', '2026-01-31', 42, { earliest: '2025-12-19', latest: '2026-01-30', overdue: true }],
    ['with the setting at 0 days', '2025-12-20', 0, { earliest: '2025-12-19', latest: '2025-12-19', overdue: true }],
  ])('checks compliance %s', (_n, today, days, expected) => {
    const w = complianceCheckWindow('2025-12-19', days, today);
    expect(w).toMatchObject(expected);
    expect(w.explanation.join(' ')).toContain('COMPLIANCE_CHECK_WITHIN_DAYS setting');
  });

  it.each([
    ['warning-notice', '17', ['condition', 'suspension', 'cancellation', 'prosecution']],
    ['warning-notice', '18', ['condition', 'suspension', 'cancellation']],
    ['warning-notice', '10', ['condition', 'suspension', 'cancellation']],
    ['requirement-notice', '20A', ['warning-notice', 'condition', 'suspension', 'cancellation', 'prosecution']],
    ['condition', '17', []],
  ])('a %s for regulation %s escalates to %j', (kind, reg, expected) => {
    expect(escalationOptions(kind, reg).map((o) => o.kind)).toEqual(expected);
  });

  it.each([
    ['on the due date', '2025-11-07', false],
    ['the day after', '2025-11-08', true],
    ['13 months later', '2026-12-07', true],
  ])('representations sent %s are late: %s', (_n, sent, late) => {
    expect(representationTimeliness(sent, '2025-11-07').late).toBe(late);
  });

  it('an action plan action answering a breach under a notice defaults to, and warns past, the date to comply by', () => {
    expect(actionDueAgainstNotice('2025-12-19', 'Warning notice', null)).toEqual({ defaultDue: '2025-12-19', warning: null });
    expect(actionDueAgainstNotice('2025-12-19', 'Warning notice', '2026-10-19').warning).toContain('after it');
  });

  it.each([
    ['2025-10-07', '2025-10-07', '7 October 2025'],
    ['2025-10-07', '2025-10-08', '7 and 8 October 2025'],
    ['2025-10-07', '2025-10-10', '7 to 10 October 2025'],
    ['2025-09-30', '2025-10-02', '30 September to 2 October 2025'],
    ['2025-12-30', '2026-01-02', '30 December 2025 to 2 January 2026'],
  ])('fieldwork %s to %s reads "%s"', (from, to, text) => {
    expect(formatDateSpan(from, to)).toBe(text);
  });
});
