/**
 * NHS trusts (domain.md 1.7): core service × key question → service → (acute: location) → trust.
 * Trust well-led is assessed separately, single-location trusts reuse the trust ratings, merged
 * trusts are not aggregated for up to two years, significantly small services are left out.
 */
import { KEY_QUESTIONS, keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { aggregateByNhsTable, type Rated } from './aggregate-ratings.js';
import { methodDescriptor } from './rating-methods.data.js';
import type { RatingOptions } from './rating-options.js';
import { isRating, type RatingValue } from '../vocabulary/ratings.js';

export const TRUST_TYPES = ['acute', 'mental-health', 'ambulance', 'community'] as const;
export type TrustType = (typeof TRUST_TYPES)[number];

export type KeyQuestionMap = Partial<Record<KeyQuestion, RatingValue | null>>;

export interface TrustService {
  name: string;
  keyQuestions: KeyQuestionMap;
  significantlySmall?: boolean;
}

export interface TrustInput {
  trustType: TrustType;
  locations: readonly { name: string; services: readonly TrustService[] }[];
  /** Assessed separately at trust level; never aggregated. */
  trustWellLed: RatingValue | null;
  /** YYYY-MM-DD; with ratedOn, a merger less than 2 years earlier stops trust-level aggregation. */
  mergedOn?: string;
  ratedOn?: string;
}

export interface LevelRating {
  name: string;
  keyQuestions: Record<KeyQuestion, RatingValue>;
  overall: RatingValue;
}

export interface TrustResult {
  method: 'nhs-trust';
  version: string;
  services: (LevelRating & { location: string })[];
  locations: LevelRating[];
  trust: LevelRating;
  explanation: string[];
}

function aggregate(items: readonly (Rated | null)[], options: RatingOptions, what: string, explanation: string[]): RatingValue {
  const rated = items.filter((i): i is Rated => i !== null);
  if (rated.length === 0) {
    explanation.push(`${what}: nothing rated underneath: Not rated.`);
    return 'Not rated';
  }
  const result = aggregateByNhsTable(rated, options, what);
  explanation.push(result.rule);
  return result.rating;
}

const rated = (label: string, rating: RatingValue | null | undefined): Rated | null => (isRating(rating) ? { label, rating } : null);

function overallOf(name: string, kqs: Record<KeyQuestion, RatingValue>, options: RatingOptions, explanation: string[]): RatingValue {
  return aggregate(KEY_QUESTIONS.map((k) => rated(keyQuestionName(k), kqs[k])), options, `${name} overall`, explanation);
}

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

export function rateNhsTrust(input: TrustInput, options: RatingOptions): TrustResult {
  const { version, title } = methodDescriptor('nhs-trust');
  const explanation = [`Method nhs-trust@${version} (${title}).`];
  const services: TrustResult['services'] = [];
  for (const location of input.locations) {
    for (const s of location.services) {
      const kqs = Object.fromEntries(KEY_QUESTIONS.map((k) => [k, s.keyQuestions[k] ?? 'Not rated'])) as Record<KeyQuestion, RatingValue>;
      services.push({ name: s.name, location: location.name, keyQuestions: kqs, overall: overallOf(`${location.name} › ${s.name}`, kqs, options, explanation) });
    }
  }
  const counted = (svc: TrustService): boolean => !svc.significantlySmall;
  for (const location of input.locations) for (const s of location.services.filter((x) => !counted(x))) explanation.push(`${location.name} › ${s.name} is significantly small and is left out of aggregation.`);

  const locations: LevelRating[] = [];
  if (input.trustType === 'acute') {
    for (const location of input.locations) {
      const kqs = Object.fromEntries(
        KEY_QUESTIONS.map((k) => [k, aggregate(location.services.filter(counted).map((s) => rated(s.name, s.keyQuestions[k])), options, `${location.name} ${keyQuestionName(k)}`, explanation)]),
      ) as Record<KeyQuestion, RatingValue>;
      locations.push({ name: location.name, keyQuestions: kqs, overall: overallOf(location.name, kqs, options, explanation) });
    }
  } else {
    explanation.push(`${input.trustType} trusts have no location level: core services aggregate straight to the trust.`);
  }

  const trustKqs = {} as Record<KeyQuestion, RatingValue>;
  const merged = input.mergedOn && input.ratedOn && input.ratedOn < addYears(input.mergedOn, 2);
  if (merged) {
    explanation.push(`The trust merged on ${input.mergedOn}, less than 2 years before ${input.ratedOn}: trust-level ratings are not aggregated.`);
    for (const k of KEY_QUESTIONS) trustKqs[k] = 'Not rated';
  } else {
    for (const k of KEY_QUESTIONS.filter((q) => q !== 'wellLed')) {
      const underlying =
        input.trustType === 'acute'
          ? locations.map((l) => rated(l.name, l.keyQuestions[k]))
          : input.locations.flatMap((l) => l.services.filter(counted).map((s) => rated(s.name, s.keyQuestions[k])));
      trustKqs[k] = aggregate(underlying, options, `Trust ${keyQuestionName(k)}`, explanation);
    }
  }
  trustKqs.wellLed = merged ? 'Not rated' : (input.trustWellLed ?? 'Not rated');
  if (!merged) explanation.push(`Trust Well-led is assessed separately and not aggregated: ${trustKqs.wellLed}.`);
  const trustOverall = merged ? 'Not rated' : overallOf('Trust', trustKqs, options, explanation);
  const trust: LevelRating = { name: 'Trust', keyQuestions: trustKqs, overall: trustOverall };

  const only = locations[0];
  if (input.trustType === 'acute' && locations.length === 1 && only && !merged) {
    only.keyQuestions = { ...only.keyQuestions, wellLed: trustKqs.wellLed };
    only.overall = trustOverall;
    explanation.push(`Single-location trust: ${only.name} reuses the trust Well-led (${trustKqs.wellLed}) and overall (${trustOverall}) ratings.`);
  }
  return { method: 'nhs-trust', version, services, locations, trust, explanation };
}
