import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction, toPercentage } from '../shared/fraction.js';
import { rateLocalAuthority } from './local-authority.method.js';
import { DEFAULT_RATING_OPTIONS, type BandRounding } from './rating-options.js';
import { rateKeyQuestionSaf2023 } from './saf-2023.method.js';
import { pooledOverallSaf2024, rateKeyQuestionSaf2024 } from './saf-2024.method.js';
import { bandPercentage, SCORE_BANDS } from './score-bands.js';

const opts = DEFAULT_RATING_OPTIONS;
const pct = (n: number, d: number) => toPercentage(fraction(n, d));

describe('score bands (domain.md 1.4)', () => {
  it.each([
    [25, 1, 'Inadequate'],
    [38, 1, 'Inadequate'],
    [39, 2, 'Requires improvement'],
    [62, 2, 'Requires improvement'],
    [63, 3, 'Good'],
    [87, 3, 'Good'],
    [88, 4, 'Outstanding'],
    [100, 4, 'Outstanding'],
  ])('%i%% is score %i, %s', (p, score, rating) => {
    for (const rounding of ['half-up', 'floor', 'over'] as const) {
      const { band, roundingNote } = bandPercentage(fraction(p, 1), rounding);
      expect([band.score, band.rating]).toEqual([score, rating]);
      expect(roundingNote).toBeUndefined();
    }
  });

  it.each<[number, number, BandRounding, number]>([
    [125, 2, 'half-up', 3],
    [125, 2, 'floor', 2],
    [125, 2, 'over', 3],
    [175, 2, 'half-up', 4],
    [175, 2, 'floor', 3],
    [77, 2, 'half-up', 2],
    [77, 2, 'floor', 1],
    [623, 10, 'half-up', 2],
    [623, 10, 'over', 3],
  ])('%i/%i%% with rounding %s is score %i and names the option', (n, d, rounding, score) => {
    const { band, roundingNote } = bandPercentage(fraction(n, d), rounding);
    expect(band.score).toBe(score);
    expect(roundingNote).toContain(`UNVERIFIED option bandRounding = ${rounding}`);
  });

  it('every percentage from 25% to 100% falls in exactly one band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 160 }), (d, k) => {
        const n = Math.max(d, Math.min(4 * d, k)); // scores 1–4: 25%–100%
        const { band } = bandPercentage(pct(n, 4 * d), 'half-up');
        expect(SCORE_BANDS).toContain(band);
      }),
    );
  });
});

describe('saf-2024', () => {
  it('worked example: Safe 3,3,2,3,3,3,2,3 = 22/32 = 68.75% is Good', () => {
    const r = rateKeyQuestionSaf2024('safe', { S1: 3, S2: 3, S3: 2, S4: 3, S5: 3, S6: 3, S7: 2, S8: 3 }, opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.rating).toBe('Good');
    expect(r.value.percentage).toEqual({ numerator: 275, denominator: 4 });
    expect(r.value.percentageDisplay).toBe(68.75);
    expect(r.value.explanation.join('\n')).toContain('= 22 of 32 = 68.75%, in the 63–87% band: Good');
    expect(r.value.version).toBe('2024-12-02');
  });

  it.each([
    [{ S1: 4, S2: 4, S3: 4, S4: 3 }, 'Outstanding', 93.75],
    [{ E1: 2, E2: 2, E3: 3 }, 'Requires improvement', 58.33],
    [{ W1: 1, W2: 1, W3: 2 }, 'Inadequate', 33.33],
  ])('%o is %s (%d%%)', (scores, rating, shown) => {
    const kq = Object.keys(scores)[0]?.startsWith('S') ? 'safe' : Object.keys(scores)[0]?.startsWith('E') ? 'effective' : 'wellLed';
    const r = rateKeyQuestionSaf2024(kq, scores, opts);
    if (!r.ok) throw new Error(r.error);
    expect([r.value.rating, r.value.percentageDisplay]).toEqual([rating, shown]);
  });

  it('62.5% is a band edge: Good under the default rounding, and the explanation says so', () => {
    const r = rateKeyQuestionSaf2024('safe', { S1: 3, S2: 3, S3: 2, S4: 2, S5: 3, S6: 3, S7: 2, S8: 2 }, opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.rating).toBe('Good');
    expect(r.value.explanation.join('\n')).toContain('UNVERIFIED option bandRounding = half-up, the default');
  });

  it('the optional statement-scored-1 cap', () => {
    const scores = { S1: 4, S2: 4, S3: 4, S4: 4, S5: 4, S6: 4, S7: 4, S8: 1 };
    const off = rateKeyQuestionSaf2024('safe', scores, opts);
    const on = rateKeyQuestionSaf2024('safe', scores, { ...opts, statementScoreOneCap: 'cap-requires-improvement' });
    expect(off.ok && off.value.rating).toBe('Outstanding');
    expect(on.ok && on.value.rating).toBe('Requires improvement');
    expect(on.ok && on.value.explanation.join('\n')).toContain('S8 scored 1');
  });

  it.each([
    [{}, 'no quality statement scores'],
    [{ S9: 3 }, 'unknown quality statement "S9"'],
    [{ E1: 3 }, 'E1 belongs to Effective, not Safe'],
    [{ S1: 5 }, 'S1: score must be a whole number from 1 to 4'],
    [{ S1: 2.5 }, 'score must be a whole number'],
    [{ S1: '3' }, 'score must be a whole number'],
  ])('rejects %o', (scores, message) => {
    const r = rateKeyQuestionSaf2024('safe', scores, opts);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });

  it('pooled overall across key questions (UNVERIFIED strategy)', () => {
    const r = pooledOverallSaf2024({ S1: 3, E1: 3, C1: 4, R1: 2, W1: 3 }, opts);
    expect(r.ok && [r.value.rating, r.value.percentageDisplay]).toEqual(['Good', 75]);
  });
});

describe('saf-2023', () => {
  it('category scores → statement score → key question rating', () => {
    const r = rateKeyQuestionSaf2023(
      'safe',
      {
        S1: { peoplesExperience: 3, staffAndLeaders: 3, partners: 2, observation: 3, processes: 2, outcomes: 3 }, // 16/24 = 66.67% → 3
        S2: { peoplesExperience: 2, processes: 2 }, // 50% → 2
        S3: { peoplesExperience: 4, processes: 3 }, // 87.5% → 4 (half-up)
      },
      opts,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.value.statements.map((s) => s.score)).toEqual([3, 2, 4]);
    expect(r.value.rating).toBe('Good'); // 9/12 = 75%
    expect(r.value.percentageDisplay).toBe(75);
    const text = r.value.explanation.join('\n');
    expect(text).toContain("S1: People's experience of health and care services 3");
    expect(text).toContain('= 16 of 24 = 66.67%, in the 63–87% band: statement score 3');
    expect(text).toContain('bandRounding = half-up');
  });

  it('under floor rounding 87.5% is statement score 3', () => {
    const r = rateKeyQuestionSaf2023('safe', { S3: { peoplesExperience: 4, processes: 3 } }, { ...opts, bandRounding: 'floor' });
    expect(r.ok && r.value.statements[0]?.score).toBe(3);
  });

  it.each([
    [{ S1: { outcomes: 3 } }, 'homecare', 'not used for homecare'],
    [{ S1: { smell: 3 } }, undefined, 'unknown evidence category "smell"'],
    [{ S1: {} }, undefined, 'no evidence category scores'],
    [{ S1: 3 }, undefined, 'expected evidence category scores'],
  ] as const)('rejects %o', (scores, serviceType, message) => {
    const r = rateKeyQuestionSaf2023('safe', scores, opts, serviceType);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe('local authority', () => {
  const all = (...s: number[]) => Object.fromEntries(s.map((v, i) => [`QS${i + 1}`, v]));
  it.each([
    [all(3, 3, 3, 3, 3, 3, 3, 3, 3), 'Good', 75],
    [all(2, 2, 2, 2, 2, 3, 2, 2, 2), 'Requires improvement', 52.78],
    [all(4, 4, 4, 4, 4, 4, 4, 4, 4), 'Outstanding', 100],
    [all(4, 4, 4, 4, 4, 4, 4, 4, 3), 'Outstanding', 97.22],
    [all(3, 3, 3, 3, 3, 3, 3, 3, 4), 'Good', 77.78],
  ])('%o', (scores, rating, shown) => {
    const r = rateLocalAuthority(scores, opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.rating).toBe(rating);
    expect(r.value.percentageDisplay).toBe(shown);
  });

  it('explains the four themes and the total over 36', () => {
    const r = rateLocalAuthority(all(3, 2, 3, 3, 2, 3, 3, 2, 3), opts);
    if (!r.ok) throw new Error(r.error);
    const text = r.value.explanation.join('\n');
    expect(text).toContain('Working with people: QS1 Assessing needs 3');
    expect(text).toContain('Total 24 of 36 = 66.67%, in the 63–87% band: overall Good');
  });

  it.each([
    [all(3, 3, 3, 3, 3, 3, 3, 3), 'missing QS9'],
    [{ ...all(3, 3, 3, 3, 3, 3, 3, 3, 3), QS10: 3 }, 'unknown local authority quality statement "QS10"'],
    [all(3, 3, 3, 3, 3, 3, 3, 3, 0), 'QS9: score must be'],
  ])('rejects %o', (scores, message) => {
    const r = rateLocalAuthority(scores, opts);
    expect(!r.ok && r.error).toContain(message);
  });
});
