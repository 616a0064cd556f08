/**
 * Exact, non-negative rational numbers for percentages (e.g. 22/32 = 68.75%).
 * Rounding happens only at the edges (banding, display), never inside the arithmetic.
 */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function fraction(numerator: number, denominator: number): Fraction {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || denominator <= 0) {
    throw new Error(`fraction needs integers and a positive denominator, got ${numerator}/${denominator}`);
  }
  const g = gcd(numerator, denominator) || 1;
  return { numerator: numerator / g, denominator: denominator / g };
}

/** a × 100 as a fraction: the percentage of a ratio. */
export function toPercentage(f: Fraction): Fraction {
  return fraction(f.numerator * 100, f.denominator);
}

export function compareFractions(a: Fraction, b: Fraction): number {
  return Math.sign(a.numerator * b.denominator - b.numerator * a.denominator);
}

export function fractionToNumber(f: Fraction): number {
  return f.numerator / f.denominator;
}

/** Largest integer ≤ f. */
export function floorFraction(f: Fraction): number {
  return Math.floor(f.numerator / f.denominator);
}

/** Nearest integer, halves rounded up (62.5 → 63). Exact: compares 2n with (2k+1)d. */
export function roundHalfUp(f: Fraction): number {
  return Math.floor((2 * f.numerator + f.denominator) / (2 * f.denominator));
}

/** For display only: a number rounded half up to `places` decimals, computed from the exact fraction. */
export function toDecimalPlaces(f: Fraction, places: number): number {
  const scale = 10 ** places;
  return roundHalfUp(fraction(f.numerator * scale, f.denominator)) / scale;
}

export function formatFraction(f: Fraction): string {
  return `${f.numerator}/${f.denominator}`;
}
