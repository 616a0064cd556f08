import { describe, expect, it } from 'vitest';
import { proposeRatings } from './judgement-proposal.js';

const scores = ['S1', 'E1', 'C1', 'R1', 'W1'].map((code) => ({ code, score: 3 }));
const gap = { flagged: true, explanation: 'Notifications not sent: no expected notification since 1 March 2025, more than 12 months ago (the 5 kinds a care service is expected to send).' };

describe('"notifications not sent" feeds the well-led proposal by itself', () => {
  it.each([
    ['care home, flagged', 'asc-principles', gap, 'Requires improvement', true],
    ['care home, not flagged', 'asc-principles', { flagged: false, explanation: 'Notifications are being sent.' }, 'Good', false],
    ['care home, no facts', 'asc-principles', undefined, 'Good', false],
    ['GP practice, flagged: not its limiter', 'primary-medical', gap, 'Good', false],
  ] as const)('%s: well-led %s', (_name, method, notificationGap, wellLed, limited) => {
    const p = proposeRatings({ scoringMethod: 'saf-2024', overallMethod: method, scores, breaches: [], ...(notificationGap ? { facts: { notificationGap } } : {}) });
    const kq = p.keyQuestions.find((k) => k.keyQuestion === 'wellLed')!;
    expect(kq.scoredRating).toBe('Good');
    expect(kq.rating).toBe(wellLed);
    const words = kq.explanation.join(' ');
    if (limited) {
      expect(words).toContain('no expected notification since 1 March 2025');
      expect(words).toContain('So well-led can be no better than Requires improvement');
      expect(words).toContain('Well-led limited to Requires improvement (was Good): statutory notifications were not sent.');
      expect(p.overall.explanation.join(' ')).toContain('statutory notifications were not sent');
    } else expect(words).not.toContain('limited to Requires improvement');
  });
});
