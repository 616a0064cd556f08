import { describe, expect, it } from 'vitest';
import { parseRating, worseOf } from './rating-values.js';

describe('rating vocabulary', () => {
  it.each([
    ['Outstanding', 'Outstanding'],
    ['good', 'Good'],
    ['Requires Improvement', 'Requires improvement'],
    ['  requires   improvement ', 'Requires improvement'],
    ['INADEQUATE', 'Inadequate'],
    ['Not rated', 'Not rated'],
    ['Insufficient evidence to rate', 'Insufficient evidence to rate'],
    ['No published rating', 'Not rated'],
    ['Inspected but not rated', 'Not rated'],
    [null, null],
  ])('parses %j as %j', (given, expected) => {
    expect(parseRating(given)).toEqual({ ok: true, value: expected });
  });

  it.each([['Excellent'], [3], [''], [{}]])('rejects %j', (given) => {
    expect(parseRating(given).ok).toBe(false);
  });

  it.each([
    ['Good', 'Inadequate', 'Inadequate'],
    ['Outstanding', 'Good', 'Good'],
    ['Requires improvement', 'Requires improvement', 'Requires improvement'],
  ] as const)('worseOf(%s, %s) is %s', (a, b, w) => {
    expect(worseOf(a, b)).toBe(w);
  });
});
