import { describe, expect, it } from 'vitest';
import { normaliseCqcRating, parseRating, ratingTagClass, worseOf } from './ratings.js';

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

describe('one rating colour map', () => {
  it.each([
    ['Outstanding', 'govuk-tag--turquoise'],
    ['Good', 'govuk-tag--green'],
    ['Requires improvement', 'govuk-tag--orange'],
    ['Inadequate', 'govuk-tag--red'],
    ['Not rated', 'govuk-tag--grey'],
    [null, 'govuk-tag--grey'],
  ])('%s is shown as %s on every page and in the PDF', (rating, classes) => expect(ratingTagClass(rating)).toBe(classes));

  it.each([
    ['requires Improvement', 'Requires improvement'],
    ['Not  yet inspected', 'Not yet inspected'],
    ['-', undefined],
    ['Excellent', undefined],
  ])("CQC's %s is read as %s", (raw, out) => expect(normaliseCqcRating(raw)).toBe(out));
});
