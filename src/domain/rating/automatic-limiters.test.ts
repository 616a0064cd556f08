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

  const overdue = { explanation: 'Requested information not returned: information return PIR-AB12-CD34 was due by 29 May 2026 and has not been submitted.' };
  it.each([
    ['care home, return overdue', 'asc-principles', overdue, ['pir-not-returned'], /PIR-AB12-CD34 was due by 29 May 2026[\s\S]*So well-led can be no better than Requires improvement: a service that does not return the information we ask for/],
    ['care home, no return overdue', 'asc-principles', null, [], null],
    ['GP practice, return overdue (not its limiter)', 'primary-medical', overdue, [], /applies to adult social care only/],
  ] as const)('%s', (_name, method, informationReturnOverdue, limiters, words) => {
    const r = automaticWellLedLimiters(method, { notificationGap: null, informationReturnOverdue });
    expect(r.limiters).toEqual(limiters);
    if (words) expect(r.explanation.join(' ')).toMatch(words);
    else expect(r.explanation).toEqual([]);
  });

  it('both at once: both limiters, both reasons', () => {
    const r = automaticWellLedLimiters('asc-principles', { notificationGap: flagged, informationReturnOverdue: overdue });
    expect(r.limiters).toEqual(['notifications-not-sent', 'pir-not-returned']);
    expect(r.explanation).toHaveLength(2);
  });
});
