import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../inspection/case-list.js';
import { allocateProportionally, drawSample, matchesCriteria, nextReplacement, type SampleCase, type SampleDesign } from './sampling.js';
import { seededRandom } from './prng.js';

const SERVICES = ['Midwifery', 'Health Visiting', 'School Nursing', 'CAMHS'];

const caseArb = fc.record({
  services: fc.uniqueArray(fc.constantFrom(...SERVICES), { minLength: 1, maxLength: 3 }),
  ageBand: fc.constantFrom(...AGE_BANDS),
  lookedAfter: fc.boolean(),
  childProtectionPlan: fc.boolean(),
  childInNeed: fc.boolean(),
  consentToContact: fc.boolean(),
});
const casesArb = fc.array(caseArb, { maxLength: 60 }).map((cs) =>
  cs.map((c, i): SampleCase => ({ ...c, id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, reference: `REF-${String(i).padStart(4, '0')}` })),
);
const designArb: fc.Arbitrary<SampleDesign> = fc.oneof(
  fc.record({ kind: fc.constant('simple' as const), size: fc.integer({ min: 1, max: 30 }) }),
  fc.record({
    kind: fc.constant('stratified' as const),
    field: fc.constant('age_band' as const),
    sizes: fc.dictionary(fc.constantFrom(...AGE_BANDS), fc.integer({ min: 0, max: 8 }), { minKeys: 1 }).filter((d) => Object.values(d).some((n) => n > 0)),
  }),
  fc.record({ kind: fc.constant('proportional' as const), field: fc.constantFrom('looked_after' as const, 'age_band' as const), size: fc.integer({ min: 1, max: 30 }) }),
);

describe('sampling', () => {
  it('gives the same sample for the same seed and inputs, whatever order the cases arrive in', () => {
    fc.assert(
      fc.property(casesArb, designArb, fc.string({ minLength: 1 }), fc.integer(), (cases, design, seed, shuffleSeed) => {
        const a = drawSample({ cases, criteria: {}, design, seed });
        const reordered = [...cases].sort(() => 0).reverse();
        const rnd = seededRandom(String(shuffleSeed));
        reordered.sort(() => rnd() - 0.5);
        const b = drawSample({ cases: reordered, criteria: {}, design, seed });
        expect(b).toEqual(a);
      }),
    );
  });

  it('draws only eligible cases, each at most once', () => {
    fc.assert(
      fc.property(casesArb, designArb, fc.string({ minLength: 1 }), fc.boolean(), (cases, design, seed, la) => {
        const criteria = { lookedAfter: la, services: ['Midwifery', 'CAMHS'] };
        const r = drawSample({ cases, criteria, design, seed });
        if (!r.ok) return;
        const ids = r.value.members.map((m) => m.caseId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          const c = cases.find((x) => x.id === id);
          expect(c && matchesCriteria(c, criteria)).toBe(true);
        }
      }),
    );
  });

  it('respects strata sizes: each stratum gets what was asked, or all its eligible cases when it has fewer', () => {
    fc.assert(
      fc.property(casesArb, designArb, fc.string({ minLength: 1 }), (cases, design, seed) => {
        const r = drawSample({ cases, criteria: { consentRequired: false }, design, seed });
        if (!r.ok) return;
        for (const s of r.value.strata) {
          expect(s.drawn).toBe(Math.min(s.requested, s.eligible));
          expect(r.value.members.filter((m) => m.stratum === s.stratum)).toHaveLength(s.drawn);
        }
        if (design.kind !== 'stratified') {
          const size = design.size;
          expect(r.value.members).toHaveLength(Math.min(size, r.value.eligibleCaseIds.length));
        }
      }),
    );
  });

  it('changes with the seed', () => {
    const cases = Array.from({ length: 50 }, (_, i): SampleCase => ({
      id: `id-${i}`,
      reference: `R-${i}`,
      services: ['Midwifery'],
      ageBand: '0-4',
      lookedAfter: false,
      childProtectionPlan: false,
      childInNeed: false,
      consentToContact: true,
    }));
    const a = drawSample({ cases, criteria: {}, design: { kind: 'simple', size: 5 }, seed: 'one' });
    const b = drawSample({ cases, criteria: {}, design: { kind: 'simple', size: 5 }, seed: 'two' });
    expect(a.ok && b.ok && a.value.members.map((m) => m.caseId)).not.toEqual(b.ok && b.value.members.map((m) => m.caseId));
  });

  it('explains the draw and its shortfalls', () => {
    const cases: SampleCase[] = [
      { id: 'a', reference: 'A-1', services: ['Midwifery'], ageBand: '0-4', lookedAfter: true, childProtectionPlan: false, childInNeed: false, consentToContact: true },
      { id: 'b', reference: 'B-1', services: ['Midwifery'], ageBand: '5-10', lookedAfter: false, childProtectionPlan: false, childInNeed: false, consentToContact: false },
    ];
    const r = drawSample({ cases, criteria: {}, design: { kind: 'stratified', field: 'age_band', sizes: { '0-4': 2 } }, seed: 's' });
    expect(r.ok && r.value.explanation).toMatch(/1 of 2 cases met the criteria \(consented to contact\).*Too few eligible cases in 0-4 \(1 of 2\)/);
  });

  it('refuses an empty or oversized design', () => {
    expect(drawSample({ cases: [], criteria: {}, design: { kind: 'simple', size: 0 }, seed: 's' }).ok).toBe(false);
    expect(drawSample({ cases: [], criteria: {}, design: { kind: 'simple', size: 5000 }, seed: 's' }).ok).toBe(false);
  });

  it('allocates proportionally with the largest remainder', () => {
    expect(allocateProportionally([{ stratum: 'a', count: 10 }, { stratum: 'b', count: 5 }, { stratum: 'c', count: 5 }], 5)).toEqual({ a: 3, b: 1, c: 1 });
    expect(allocateProportionally([{ stratum: 'a', count: 1 }, { stratum: 'b', count: 1 }], 5)).toEqual({ a: 1, b: 1 });
  });

  it('replaces a swapped-out case with the next in its stratum, deterministically', () => {
    fc.assert(
      fc.property(casesArb, fc.string({ minLength: 1 }), (cases, seed) => {
        const design: SampleDesign = { kind: 'simple', size: 3 };
        const r = drawSample({ cases, criteria: { consentRequired: false }, design, seed });
        if (!r.ok || r.value.members.length === 0) return;
        const excluded = new Set(r.value.members.map((m) => m.caseId));
        const next = nextReplacement({ eligible: cases, design, seed, stratum: 'all', excludedCaseIds: excluded });
        if (cases.length > r.value.members.length) {
          expect(next).not.toBeNull();
          expect(excluded.has(next!.case.id)).toBe(false);
          expect(next!.rank).toBe(r.value.members.length);
        } else {
          expect(next).toBeNull();
        }
      }),
    );
  });
});
