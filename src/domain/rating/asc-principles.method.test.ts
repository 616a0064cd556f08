import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BREACH_ACTIONS } from '../enforcement/enforcement-powers.data.js';
import { KEY_QUESTIONS, type KeyQuestion } from '../vocabulary/key-questions.js';
import { OVERALL_METHODS, overallMethodFor, rateOverall, type OverallInput } from './asc-principles.method.js';
import type { Breach } from './limiters.js';
import { DEFAULT_RATING_OPTIONS, type RatingOptions } from './rating-options.js';
import { resolveRatingOptions } from './resolve-options.js';
import { RATINGS, ratingRank, type Rating, type RatingValue } from '../vocabulary/ratings.js';

const O = 'Outstanding';
const G = 'Good';
const RI = 'Requires improvement';
const I = 'Inadequate';

const kqs = (...r: RatingValue[]): Record<KeyQuestion, RatingValue> => Object.fromEntries(KEY_QUESTIONS.map((k, i) => [k, r[i]])) as Record<KeyQuestion, RatingValue>;
const rate = (input: OverallInput, options: RatingOptions = DEFAULT_RATING_OPTIONS) => rateOverall('asc-principles', input, options);

describe('asc-principles: the published principles (domain.md 1.6)', () => {
  it.each([
    ['principle 3: two Outstanding, three Good', [O, O, G, G, G], O, 'principle 3'],
    ['principle 3: five Outstanding', [O, O, O, O, O], O, 'principle 3'],
    ['principle 3 not met: one Outstanding only', [O, G, G, G, G], G, 'principle 4'],
    ['principle 3 not met: two Outstanding with a Requires improvement', [O, O, RI, G, G], G, 'principle 4'],
    ['principle 4: all Good', [G, G, G, G, G], G, 'principle 4'],
    ['principle 4: one Requires improvement', [RI, G, G, G, G], G, 'principle 4'],
    ['principle 5: two Requires improvement', [RI, RI, G, G, G], RI, 'principle 5'],
    ['principle 5: five Requires improvement', [RI, RI, RI, RI, RI], RI, 'principle 5'],
    ['principle 5: two Requires improvement and one Inadequate', [RI, RI, I, G, G], RI, 'principle 5'],
    ['principle 6: two Inadequate', [I, I, G, G, G], I, 'principle 6'],
    ['principle 6 beats principle 5', [I, I, RI, RI, G], I, 'principle 6'],
    ['gap: one Inadequate, rest Good', [I, G, G, G, G], RI, 'do not cover'],
    ['gap: one Inadequate, one Requires improvement', [G, I, RI, O, O], RI, 'do not cover'],
  ] as const)('%s', (_name, ratings, expected, cites) => {
    const result = rate({ keyQuestions: kqs(...ratings) });
    expect(result.overall).toBe(expected);
    expect(result.method).toBe('asc-principles');
    expect(result.version).toBe('2022-05-12');
    expect(result.explanation.join('\n')).toContain(cites);
  });

  it('says when the UNVERIFIED gap default decided the outcome', () => {
    const result = rate({ keyQuestions: kqs(G, G, I, G, G) });
    expect(result.explanation.join('\n')).toContain('UNVERIFIED option oneInadequateOutcome = Requires improvement, the default');
  });

  it('the gap outcome is configurable, but only with a rationale', () => {
    expect(resolveRatingOptions({ oneInadequateOutcome: 'Inadequate' }).ok).toBe(false);
    const options = resolveRatingOptions({ oneInadequateOutcome: 'Inadequate', oneInadequateRationale: 'Safe concerns affect everyone' });
    if (!options.ok) throw new Error(options.error);
    const result = rate({ keyQuestions: kqs(G, G, I, G, G) }, options.value);
    expect(result.overall).toBe(I);
    expect(result.explanation.join('\n')).toContain('Rationale: Safe concerns affect everyone');
  });
});

describe('asc-principles: limiters (domain.md 1.5)', () => {
  it.each<[string, RatingValue[], Breach[], Rating, string]>([
    ['any breach caps the overall at Requires improvement', [O, O, G, G, G], [{ regulation: '17', action: 'requirement-notice' }], RI, 'Overall limited to Requires improvement: breach of Regulation 17 (Good governance)'],
    ['a requirement notice caps the linked key question', [G, G, G, G, O], [{ regulation: '17', action: 'requirement-notice', keyQuestion: 'wellLed' }], RI, 'Well-led limited to Requires improvement (was Outstanding)'],
    ['a warning notice makes the linked key question Inadequate', [G, G, G, G, G], [{ regulation: '12', action: 'warning-notice', keyQuestion: 'safe' }], RI, 'Safe made Inadequate (was Good): warning notice for breach of Regulation 12 (Safe care and treatment)'],
    ['a condition makes the linked key question Inadequate', [G, G, G, G, RI], [{ regulation: '12', action: 'condition', keyQuestion: 'safe' }], RI, 'Safe made Inadequate'],
    ['warning notices on two key questions make the overall Inadequate', [G, G, G, G, G], [{ regulation: '12', action: 'warning-notice', keyQuestion: 'safe' }, { regulation: '17', action: 'warning-notice', keyQuestion: 'wellLed' }], I, 'principle 6'],
    ['urgent action follows the UNVERIFIED escalated-power default', [G, G, G, G, G], [{ regulation: '12', action: 'urgent-action', keyQuestion: 'safe' }], RI, 'UNVERIFIED option escalatedPowerEffect = inadequate'],
    ['a breach with no key question still caps the overall', [G, G, G, G, G], [{ regulation: '18', action: 'requirement-notice' }], RI, 'not linked to a key question'],
  ])('%s', (_name, ratings, breaches, expected, text) => {
    const result = rate({ keyQuestions: kqs(...ratings), breaches });
    expect(result.overall).toBe(expected);
    expect(result.explanation.join('\n')).toContain(text);
  });

  it.each(['no-registered-manager', 'registration-condition-unmet', 'notifications-not-sent', 'pir-not-returned'] as const)('the well-led limiter %s caps Well-led at Requires improvement', (limiter) => {
    const result = rate({ keyQuestions: kqs(O, O, O, O, O), wellLedLimiters: [limiter] });
    expect(result.keyQuestions.wellLed).toBe(RI);
    expect(result.overall).toBe(G);
    expect(result.explanation.join('\n')).toContain('Well-led limited to Requires improvement (was Outstanding)');
  });
});

describe('asc-principles: key questions without a rating', () => {
  it.each<[RatingValue | null, RatingValue]>([
    ['Not rated', 'Not rated'],
    [null, 'Not rated'],
    ['Insufficient evidence to rate', 'Insufficient evidence to rate'],
  ])('one key question %s gives overall %s by default', (missing, overall) => {
    const result = rate({ keyQuestions: { ...kqs(G, G, G, G, G), caring: missing } });
    expect(result.overall).toBe(overall);
    expect(result.explanation.join('\n')).toContain('unratedKeyQuestions = no-overall, the default');
  });

  it('can rate from the rated key questions instead', () => {
    const result = rate({ keyQuestions: { ...kqs(O, O, G, G, G), caring: 'Not rated' } }, { ...DEFAULT_RATING_OPTIONS, unratedKeyQuestions: 'rate-from-rated' });
    expect(result.overall).toBe(O);
  });

  it('nhs-trust counts only the key questions that are rated, as its table does at every level', () => {
    const result = rateOverall('nhs-trust', { keyQuestions: { ...kqs(I, G, G, G, I), effective: 'Not rated' } }, DEFAULT_RATING_OPTIONS);
    expect(result.overall).toBe(I);
    expect(result.explanation.join('\n')).toContain('Effective has no rating; the principles are applied to the 4 rated key questions');
  });

  it('gives a care home that also provides homecare no overall rating', () => {
    expect(rate({ keyQuestions: kqs(G, G, G, G, G), careHomeAlsoProvidesHomecare: true }).overall).toBe('Not rated');
  });
});

describe('overall methods: properties', () => {
  const rating = fc.constantFrom(...RATINGS);
  const five = fc.tuple(rating, rating, rating, rating, rating);
  const breach = fc.record(
    { regulation: fc.constantFrom('9', '12', '17', '18'), action: fc.constantFrom(...BREACH_ACTIONS), keyQuestion: fc.constantFrom(...KEY_QUESTIONS) },
    { requiredKeys: ['regulation', 'action'] },
  );
  const options = fc.record({
    escalatedPowerEffect: fc.constantFrom('inadequate', 'requires-improvement'),
    nhsLowerRows: fc.constantFrom('scaled', 'fixed-two'),
  }).map((o): RatingOptions => ({ ...DEFAULT_RATING_OPTIONS, ...o, oneInadequateRationale: 'property test' }));
  const rank = (r: RatingValue): number => ratingRank(r as Rating);

  it.each(OVERALL_METHODS)('%s: all 4^5 key question combinations give a rating and an explanation', (method) => {
    let count = 0;
    for (let n = 0; n < 4 ** 5; n++) {
      const ratings = KEY_QUESTIONS.map((_, i) => RATINGS[Math.floor(n / 4 ** i) % 4] as Rating);
      const result = rateOverall(method, { keyQuestions: kqs(...ratings) }, DEFAULT_RATING_OPTIONS);
      expect(RATINGS).toContain(result.overall);
      expect(result.explanation.at(-1)).toBe(`Overall: ${result.overall}.`);
      expect(result.explanation.length).toBeGreaterThanOrEqual(3);
      count++;
    }
    expect(count).toBe(1024);
  });

  it.each(OVERALL_METHODS)('%s: improving any one key question never worsens the overall', (method) => {
    fc.assert(
      fc.property(five, fc.nat(4), fc.array(breach, { maxLength: 3 }), options, (ratings, index, breaches, opts) => {
        const current = ratings[index] as Rating;
        if (current === 'Outstanding') return;
        const better = [...ratings];
        better[index] = RATINGS[RATINGS.indexOf(current) - 1] as Rating;
        const before = rateOverall(method, { keyQuestions: kqs(...ratings), breaches }, opts).overall;
        const after = rateOverall(method, { keyQuestions: kqs(...better), breaches }, opts).overall;
        expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
      }),
    );
  });

  it.each(OVERALL_METHODS)('%s: adding a breach never improves the overall', (method) => {
    fc.assert(
      fc.property(five, fc.array(breach, { maxLength: 3 }), breach, options, (ratings, breaches, extra, opts) => {
        const before = rateOverall(method, { keyQuestions: kqs(...ratings), breaches }, opts).overall;
        const after = rateOverall(method, { keyQuestions: kqs(...ratings), breaches: [...breaches, extra] }, opts).overall;
        expect(rank(after)).toBeLessThanOrEqual(rank(before));
      }),
    );
  });

  it('the Inadequate override of the gap is not monotonic, which is why it is not the default', () => {
    const opts: RatingOptions = { ...DEFAULT_RATING_OPTIONS, oneInadequateOutcome: 'Inadequate', oneInadequateRationale: 'documented trade-off' };
    expect(rate({ keyQuestions: kqs(RI, G, RI, G, I) }, opts).overall).toBe(RI);
    expect(rate({ keyQuestions: kqs(G, G, RI, G, I) }, opts).overall).toBe(I);
    expect(rate({ keyQuestions: kqs(G, G, RI, G, I) }).overall).toBe(RI);
  });

  it('asc-principles: any breach keeps the overall at Requires improvement or worse', () => {
    fc.assert(
      fc.property(five, fc.array(breach, { minLength: 1, maxLength: 3 }), options, (ratings, breaches, opts) => {
        expect(rank(rateOverall('asc-principles', { keyQuestions: kqs(...ratings), breaches }, opts).overall)).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('asc-principles ignores the order of the key questions', () => {
    fc.assert(
      fc.property(five, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), fc.array(breach.map((b) => ({ regulation: b.regulation, action: b.action })), { maxLength: 2 }), options, (ratings, keys, breaches, opts) => {
        const shuffled = ratings.map((r, i) => ({ r, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.r);
        const a = rate({ keyQuestions: kqs(...ratings), breaches }, opts).overall;
        const b = rate({ keyQuestions: kqs(...shuffled), breaches }, opts).overall;
        expect(b).toBe(a);
      }),
    );
  });
});

describe('the overall method follows the kind of service (issue 16)', () => {
  it.each([
    [{ inspectionDirectorate: 'Primary medical services', type: 'Primary Medical Services' }, 'primary-medical'],
    [{ inspectionDirectorate: null, type: 'Primary Medical Services' }, 'primary-medical'],
    [{ inspectionDirectorate: 'Hospitals', type: 'NHS Healthcare Organisation' }, 'nhs-trust'],
    [{ inspectionDirectorate: 'Adult social care', type: 'Social Care Org' }, 'asc-principles'],
    [null, 'asc-principles'],
  ])('%j → %s', (service, method) => {
    expect(overallMethodFor(service)).toBe(method);
  });
});
