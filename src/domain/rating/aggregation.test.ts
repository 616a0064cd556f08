import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateByNhsTable } from './aggregate-ratings.js';
import { combineFocusedInspection, rateAfterFocusedInspection } from './focused-inspection.js';
import { rateNhsTrust, type TrustService } from './nhs-trust.method.js';
import { DEFAULT_RATING_OPTIONS } from './rating-options.js';
import { outstandingNeeded } from './rating-principles.data.js';
import { RATINGS, ratingRank, type Rating } from '../vocabulary/ratings.js';
import { rollUpRegulationOutcomes } from './regulations-met.method.js';

const opts = DEFAULT_RATING_OPTIONS;
const G = 'Good';
const O = 'Outstanding';
const RI = 'Requires improvement';
const I = 'Inadequate';

describe('focused inspections (principle 2)', () => {
  const existing = {
    safe: { rating: G, date: '2019-05-01' },
    effective: { rating: O, date: '2019-05-01' },
    caring: { rating: O, date: '2019-05-01' },
    responsive: { rating: G, date: '2019-05-01' },
    wellLed: { rating: G, date: '2019-05-01' },
  } as const;

  it('new ratings replace the inspected key questions; the rest carry forward with their own dates', () => {
    const c = combineFocusedInspection(existing, { safe: { rating: RI, date: '2023-02-10' }, wellLed: { rating: RI, date: '2023-02-10' } });
    expect(c.keyQuestions.safe).toEqual({ rating: RI, date: '2023-02-10', source: 'new' });
    expect(c.keyQuestions.caring).toEqual({ rating: O, date: '2019-05-01', source: 'carried-forward' });
    expect(c.explanation.join('\n')).toContain('Caring not inspected: its existing rating Outstanding of 1 May 2019 is carried forward (principle 2).');
  });

  it('rates the combination: two new Requires improvement make the overall Requires improvement', () => {
    const r = rateAfterFocusedInspection('asc-principles', existing, { safe: { rating: RI, date: '2023-02-10' }, wellLed: { rating: RI, date: '2023-02-10' } }, {}, opts);
    expect(r.overall).toBe(RI);
    expect(r.combined.effective.source).toBe('carried-forward');
    expect(r.explanation[1]).toBe('Inspected key questions, new ratings: Safe Requires improvement (2023-02-10), Well-led Requires improvement (2023-02-10).');
  });

  it('never aggregates a rating inherited from a previous provider', () => {
    const r = rateAfterFocusedInspection('asc-principles', { ...existing, caring: { rating: O, date: '2018-01-01', inherited: true } }, { safe: { rating: G, date: '2023-02-10' } }, {}, opts);
    expect(r.combined.caring).toEqual({ rating: null, date: null, source: 'none' });
    expect(r.overall).toBe('Not rated');
    expect(r.explanation.join('\n')).toContain('inherited from a previous provider and is not aggregated');
  });
});

describe('NHS trust table (domain.md 1.6)', () => {
  it.each([
    [1, 1],
    [3, 1],
    [4, 2],
    [8, 2],
    [9, 3],
    [40, 3],
  ])('%i underlying ratings need %i Outstanding', (n, x) => {
    expect(outstandingNeeded(n)).toBe(x);
  });

  it.each<[Rating[], Rating]>([
    [[O, G, G], O],
    [[O, G, G, G], G],
    [[O, O, G, G], O],
    [[O, O, G, G, G, G, G, G, G], G],
    [[O, O, O, G, G, G, G, G, G], O],
    [[O, O, O, RI, G, G, G, G, G], G],
    [[O, O, O, RI, RI, RI, G, G, G], RI],
    [[I, G, G], I],
    [[I, G, G, G], RI],
    [[I, I, G, G], I],
  ])('%o aggregates to %s', (ratings, expected) => {
    expect(aggregateByNhsTable(ratings.map((rating, i) => ({ label: `service ${i + 1}`, rating })), opts, 'Test').rating).toBe(expected);
  });

  it('improving any underlying rating never worsens the aggregate, for both lower-row options', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RATINGS), { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom('scaled', 'fixed-two' as const), (ratings, at, rows) => {
        const i = at % ratings.length;
        const current = ratings[i] as Rating;
        if (current === O) return;
        const better = [...ratings];
        better[i] = RATINGS[RATINGS.indexOf(current) - 1] as Rating;
        const items = (rs: Rating[]) => rs.map((rating, k) => ({ label: `s${k}`, rating }));
        const before = aggregateByNhsTable(items(ratings), { nhsLowerRows: rows }, 'x').rating;
        const after = aggregateByNhsTable(items(better), { nhsLowerRows: rows }, 'x').rating;
        expect(ratingRank(after)).toBeGreaterThanOrEqual(ratingRank(before));
      }),
    );
  });
});

describe('NHS trust multi-level aggregation (domain.md 1.7)', () => {
  const svc = (name: string, r: Rating, extra: Partial<TrustService> = {}): TrustService => ({ name, keyQuestions: { safe: r, effective: r, caring: r, responsive: r, wellLed: r }, ...extra });

  it('acute trust: service → location → trust, with trust well-led assessed separately', () => {
    const result = rateNhsTrust(
      {
        trustType: 'acute',
        trustWellLed: RI,
        locations: [
          { name: 'North Hospital', services: [svc('Urgent and emergency care', G), svc('Medical care', O), svc('Surgery', O)] },
          { name: 'South Hospital', services: [svc('Maternity', G), svc('Surgery', G)] },
        ],
      },
      opts,
    );
    expect(result.services.map((s) => s.overall)).toEqual([G, O, O, G, G]);
    expect(result.locations.map((l) => l.overall)).toEqual([O, G]);
    expect(result.trust.keyQuestions.wellLed).toBe(RI);
    expect(result.trust.keyQuestions.safe).toBe(O); // 2 location ratings, X = 1: one Outstanding and the rest Good
    expect(result.explanation.join('\n')).toContain('Trust Well-led is assessed separately and not aggregated: Requires improvement.');
  });

  it('significantly small services are left out', () => {
    const result = rateNhsTrust({ trustType: 'acute', trustWellLed: G, locations: [{ name: 'A', services: [svc('Medical care', G), svc('Tiny clinic', I, { significantlySmall: true })] }, { name: 'B', services: [svc('Surgery', G)] }] }, opts);
    expect(result.locations[0]?.keyQuestions.safe).toBe(G);
    expect(result.explanation.join('\n')).toContain('A › Tiny clinic is significantly small');
  });

  it('single-location trusts reuse the trust well-led and overall ratings', () => {
    const result = rateNhsTrust({ trustType: 'acute', trustWellLed: I, locations: [{ name: 'Only Hospital', services: [svc('Medical care', G), svc('Surgery', G)] }] }, opts);
    expect(result.locations[0]?.keyQuestions.wellLed).toBe(I);
    expect(result.locations[0]?.overall).toBe(result.trust.overall);
    expect(result.trust.overall).toBe(RI);
  });

  it('mental health trusts have no location level', () => {
    const result = rateNhsTrust({ trustType: 'mental-health', trustWellLed: G, locations: [{ name: 'HQ', services: [svc('Acute wards', O), svc('Community teams', G), svc('Crisis', G)] }] }, opts);
    expect(result.locations).toEqual([]);
    expect(result.trust.keyQuestions.safe).toBe(O);
  });

  it.each([
    ['2023-06-01', 'Not rated'],
    ['2025-06-01', G],
  ])('a trust merged on 2023-06-01 and rated on %s: trust overall %s', (ratedOn, overall) => {
    const result = rateNhsTrust({ trustType: 'community', trustWellLed: G, mergedOn: '2023-06-01', ratedOn, locations: [{ name: 'HQ', services: [svc('Community health', G)] }] }, opts);
    expect(result.trust.overall).toBe(overall);
  });
});

describe('services not rated by law', () => {
  it('any "Not all regulations met" propagates upward', () => {
    const r = rollUpRegulationOutcomes({
      label: 'Dental practice',
      children: [
        { label: 'Safe', children: [{ label: 'S3 Safeguarding', children: [{ label: 'Processes', outcome: 'Not all regulations met' }, { label: 'Observation', outcome: 'Regulations met' }] }] },
        { label: 'Caring', children: [{ label: 'C1', outcome: 'Regulations met' }] },
      ],
    });
    expect(r.outcome).toBe('Not all regulations met');
    expect(r.explanation).toContain('Dental practice › Safe › S3 Safeguarding: Not all regulations met, because of Processes.');
    expect(r.explanation).toContain('Dental practice: Not all regulations met, because of Safe.');
  });

  it.each([
    [[{ label: 'Safe', outcome: 'Regulations met' as const }], 'Regulations met'],
    [[], 'Not rated'],
  ])('%o rolls up to %s', (children, outcome) => {
    expect(rollUpRegulationOutcomes({ label: 'Service', children }).outcome).toBe(outcome);
  });
});
