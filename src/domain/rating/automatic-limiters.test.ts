import { describe, expect, it } from 'vitest';
import { AUTOMATIC_WELL_LED_LIMITERS, automaticWellLedLimiters } from './automatic-limiters.data.js';

const flagged = { flagged: true, explanation: 'Notifications not sent: no expected notification since 1 March 2025, more than 12 months ago (the 5 kinds a care service is expected to send).' };
const fine = { flagged: false, explanation: 'Notifications are being sent.' };

describe('well-led limiters the rules engine raises by itself', () => {
  it.each([
    ['care home, notifications not sent', 'asc-principles', flagged, ['notifications-not-sent'], /So well-led can be no better than Requires improvement/],
    ['care home, notifications sent', 'asc-principles', fine, [], null],
    ['care home, gap not checked', 'asc-principles', null, [], null],
    ['GP practice, flagged (not its limiter)', 'primary-medical', flagged, [], /applies to adult social care only/],
  ] as const)('%s', (_name, method, gap, limiters, words) => {
    const r = automaticWellLedLimiters(method, { notificationGap: gap });
    expect(r.limiters).toEqual(limiters);
    expect(r.version).toBe(AUTOMATIC_WELL_LED_LIMITERS.version);
    if (words) expect(r.explanation.join(' ')).toMatch(words);
    else expect(r.explanation).toEqual([]);
  });

  it('says what was found in plain words, with no rule identifiers', () => {
    const text = automaticWellLedLimiters('asc-principles', { notificationGap: flagged }).explanation.join(' ');
    expect(text).toContain('no expected notification since 1 March 2025');
    expect(text).not.toMatch(/notifications-not-sent|@20/);
  });
});
