import { describe, expect, it } from 'vitest';
import { formatInterval, monthsBetween, ratingAge, sectorOf } from './rating-age.js';
import { normaliseCqcRating } from '../vocabulary/ratings.js';
import { normaliseCqcKeyQuestionName } from '../vocabulary/key-questions.js';

describe('monthsBetween', () => {
  it.each([
    ['2024-01-15', '2024-02-14', 0],
    ['2024-01-15', '2024-02-15', 1],
    ['2019-04-23', '2026-11-23', 91],
    ['2026-12-01', '2026-11-01', 0],
  ])('%s to %s is %i months', (a, b, n) => expect(monthsBetween(a, b)).toBe(n));
});

describe('ratingAge', () => {
  it.each([
    ['Inadequate', '2026-04-01', 'primary_medical', true],
    ['Inadequate', '2026-06-01', 'primary_medical', false],
    ['Requires improvement', '2025-10-01', 'adult_social_care', true],
    ['Good', '2022-01-01', 'adult_social_care', true],
    ['Good', '2022-01-01', 'primary_medical', false],
    ['Good', '2021-10-22', 'primary_medical', true],
    ['No published rating', '2010-01-01', 'primary_medical', false],
  ] as const)('%s published %s in %s: overdue %s', (rating, date, sector, overdue) => {
    expect(ratingAge(rating, date, 'day', sector, '2026-11-23').overdue).toBe(overdue);
  });

  it('counts a year-only date from the end of that year and says it is at least that old', () => {
    const age = ratingAge('Good', '2021-01-01', 'year', 'primary_medical', '2026-11-23');
    expect(age.overdue).toBe(false);
    expect(age.text).toBe('at least 4 years old');
  });

  it('describes years and months', () => {
    expect(ratingAge('Good', '2019-04-23', 'day', 'other', '2026-11-23').text).toBe('7 years, 7 months old');
    expect(ratingAge('Good', '2026-11-01', 'day', 'other', '2026-11-23').text).toBe('less than a month old');
  });

  it('explains which interval applied', () => {
    expect(ratingAge('Good', '2020-01-01', 'day', 'adult_social_care', '2026-11-23').explanation).toMatch(/2.5 years/);
  });
});

describe('sectorOf and intervals', () => {
  it.each([
    ['Adult social care', null, 'adult_social_care'],
    [null, 'Social Care Org', 'adult_social_care'],
    ['Primary medical services', 'Primary Medical Services', 'primary_medical'],
    ['Hospitals', 'NHS Healthcare Organisation', 'other'],
  ] as const)('%s / %s is %s', (d, t, s) => expect(sectorOf(d, t)).toBe(s));
  it.each([[6, '6 months'], [12, '1 year'], [30, '2.5 years'], [60, '5 years']])('%i months reads %s', (m, t) => expect(formatInterval(m)).toBe(t));
});

describe('rating vocabulary', () => {
  it.each([
    ['Requires Improvement', 'Requires improvement'],
    ['  good ', 'Good'],
    ['-', undefined],
    ['NA', undefined],
    ['Inspected but not rated', 'Inspected but not rated'],
    ['Excellent', undefined],
  ])('%s → %s', (raw, out) => expect(normaliseCqcRating(raw)).toBe(out));
  it.each([['Well led', 'Well-led'], ['WELL-LED', 'Well-led'], ['safe', 'Safe'], ['Overall', undefined]])('%s → %s', (raw, out) => expect(normaliseCqcKeyQuestionName(raw)).toBe(out));
});
