import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDateRange, formatDateTime, formatDateWithDay, formatDeadline, formatTime, humaniseIsoDates, isRealDate } from './dates.js';

describe('dates for people', () => {
  it.each([
    ['2026-12-05', '5 December 2026'],
    ['2026-03-10T23:59:59.999Z', '10 March 2026'],
    ['2026-06-30T23:30:00Z', '1 July 2026'], // UK summer time: already the next day
    ['not a date', ''],
    ['2026-02-31', ''],
  ])('formatDate(%s) is "%s"', (input, expected) => {
    expect(formatDate(input)).toBe(expected);
  });

  it('names the weekday without a comma', () => {
    expect(formatDateWithDay('2026-03-10')).toBe('Tuesday 10 March 2026');
  });

  it.each([
    [0, 0, 'midnight'],
    [12, 0, 'midday'],
    [14, 30, '2:30pm'],
    [11, 0, '11am'],
    [0, 5, '12:05am'],
    [12, 15, '12:15pm'],
    [23, 59, '11:59pm'],
  ])('formatClock(%i, %i) is %s', (h, m, expected) => {
    expect(formatClock(h, m)).toBe(expected);
  });

  it('shows instants in UK time, with the zone only when asked', () => {
    expect(formatTime('2026-09-30T11:00:00Z')).toBe('midday'); // BST
    expect(formatDateTime('2026-12-05T14:30:00Z')).toBe('5 December 2026 at 2:30pm');
    expect(formatDateTime('2026-12-05T14:30:00Z', { zone: true })).toBe('5 December 2026 at 2:30pm UK time');
    expect(formatDeadline('2026-03-10T23:59:00Z')).toBe('11:59pm UK time on Tuesday 10 March 2026');
    expect(formatDateTime('2026-12-05')).toBe('5 December 2026');
  });

  it.each([
    ['2025-10-07', '2025-10-08', '7 and 8 October 2025'],
    ['2025-10-07', '2025-10-09', '7 to 9 October 2025'],
    ['2025-09-30', '2025-10-02', '30 September to 2 October 2025'],
    ['2025-12-30', '2026-01-02', '30 December 2025 to 2 January 2026'],
    ['2025-10-07', '2025-10-07', '7 October 2025'],
    ['2025-10-07', null, '7 October 2025'],
  ])('formatDateRange(%s, %s) is "%s"', (a, b, expected) => {
    expect(formatDateRange(a, b)).toBe(expected);
  });

  it('knows real dates', () => {
    expect(isRealDate(2026, 2, 31)).toBe(false);
    expect(isRealDate(2028, 2, 29)).toBe(true);
    expect(isRealDate(2026, 13, 1)).toBe(false);
  });

  it('rewrites ISO dates inside text', () => {
    expect(humaniseIsoDates('deadline 2026-12-01, due 2026-03-10T23:59:00Z')).toBe('deadline 1 December 2026, due 10 March 2026 at 11:59pm');
  });
});
