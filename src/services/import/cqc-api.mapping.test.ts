import { describe, expect, it } from 'vitest';
import { isoDate } from './cqc-api.mapping.js';

describe('dates as CQC files write them', () => {
  it.each<[unknown, string | null]>([
    ['2024-01-05', '2024-01-05'],
    ['2024-01-05T10:30:00Z', '2024-01-05'],
    ['  2024-01-05 ', '2024-01-05'],
    ['05/01/2024', '2024-01-05'],
    ['5.1.2024', '2024-01-05'],
    ['20240105', '2024-01-05'],
    ['2024-02-30', null],
    ['31/02/2024', null],
    ['not-a-date', null],
    ['', null],
    [null, null],
    [20240105, '2024-01-05'],
  ])('%j → %j, the same when read again', (input, expected) => {
    expect(isoDate(input)).toBe(expected);
    expect(isoDate(input)).toBe(expected);
  });
});
