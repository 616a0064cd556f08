import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFractions, floorFraction, fraction, roundHalfUp, toDecimalPlaces, toPercentage } from './fraction.js';

describe('Fraction', () => {
  it.each([
    [22, 32, 275, 4, 68.75],
    [20, 32, 125, 2, 62.5],
    [1, 3, 100, 3, 33.33],
    [2, 3, 200, 3, 66.67],
  ])('%i/%i as a percentage is %i/%i (≈ %d)', (n, d, pn, pd, shown) => {
    const p = toPercentage(fraction(n, d));
    expect(p).toEqual({ numerator: pn, denominator: pd });
    expect(toDecimalPlaces(p, 2)).toBe(shown);
  });

  it.each([
    [125, 2, 63, 62],
    [1249, 20, 62, 62],
    [175, 2, 88, 87],
    [77, 2, 39, 38],
  ])('%i/%i rounds half up to %i and floors to %i', (n, d, up, down) => {
    expect(roundHalfUp(fraction(n, d))).toBe(up);
    expect(floorFraction(fraction(n, d))).toBe(down);
  });

  it('rejects a zero denominator as a bug', () => {
    expect(() => fraction(1, 0)).toThrow();
  });

  it('compares exactly', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 1000 }), fc.nat(1000), fc.integer({ min: 1, max: 1000 }), (a, b, c, d) => {
        expect(compareFractions(fraction(a, b), fraction(c, d))).toBe(Math.sign(a * d - c * b));
      }),
    );
  });
});
