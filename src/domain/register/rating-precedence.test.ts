import { describe, expect, it } from 'vitest';
import { importedRatingReplacesPublished, laterDate } from './rating-precedence.js';

describe('an imported rating against one this platform published (rating-precedence/1)', () => {
  it.each([
    ['imported from a later report: it replaces the published one', '2026-02-10', '2026-06-01', true],
    ['imported from an earlier report (CQC data that lags): the published one stays', '2026-02-10', '2019-05-14', false],
    ['the same date: the published one stays', '2026-02-10', '2026-02-10', false],
    ['imported without a date: the published one stays', '2026-02-10', null, false],
    ['published without a date, imported dated: the imported one', null, '2025-01-01', true],
  ])('%s', (_name, published, imported, replaces) => {
    expect(importedRatingReplacesPublished({ reportDate: published }, { reportDate: imported })).toBe(replaces);
  });

  it.each([
    ['2026-02-10', '2019-05-14', '2026-02-10'],
    ['2019-05-14', '2026-02-10', '2026-02-10'],
    [null, '2026-02-10', '2026-02-10'],
    ['2026-02-10', null, '2026-02-10'],
    [null, null, null],
  ])('the later of %s and %s is %s', (a, b, later) => {
    expect(laterDate(a, b)).toBe(later);
  });
});
