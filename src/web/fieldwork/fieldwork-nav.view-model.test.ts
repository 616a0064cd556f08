import { describe, expect, it } from 'vitest';
import { localInputValue, longDate, ukLocalToIso } from './fieldwork-nav.view-model.js';

describe('UK time on forms', () => {
  it.each([
    ['2026-09-14T16:00', '2026-09-14T15:00:00.000Z'],
    ['2026-12-01T10:00', '2026-12-01T10:00:00.000Z'],
    ['not a time', ''],
  ])('%s is %s', (local, iso) => {
    expect(ukLocalToIso(local)).toBe(iso);
    if (iso) expect(localInputValue(new Date(iso))).toBe(local);
  });
  it('long dates', () => expect(longDate('2025-11-07')).toBe('Friday 7 November 2025'));
});
