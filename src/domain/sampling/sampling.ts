/**
 * Reproducible random samples of cases for inspectors to track. Inputs are sorted first,
 * so the order in which cases arrive never changes the sample; each stratum is shuffled by
 * its own generator seeded with `<seed>|<stratum>`; the sample is the front of each shuffle.
 * Recording the seed, criteria, design and eligible case ids is enough to draw it again.
 */
import { err, ok, type Result } from '../shared/result.js';
import { seededRandom, shuffle } from './prng.js';

export const SAMPLING_VERSION = 'sampling/1 (cyrb128+sfc32, Fisher-Yates per stratum)';

export interface SampleCase {
  id: string;
  reference: string;
  services: readonly string[];
  ageBand: string;
  lookedAfter: boolean;
  childProtectionPlan: boolean;
  childInNeed: boolean;
  consentToContact: boolean;
}

/** Every given condition must hold; `services` matches a case that used any of them. */
export interface SampleCriteria {
  services?: string[];
  ageBands?: string[];
  lookedAfter?: boolean;
  childProtectionPlan?: boolean;
  childInNeed?: boolean;
  /** Only cases whose family agreed to be contacted (default true). */
  consentRequired?: boolean;
}

export const STRATUM_FIELDS = ['age_band', 'looked_after', 'child_protection_plan', 'child_in_need', 'service'] as const;
export type StratumField = (typeof STRATUM_FIELDS)[number];

export type SampleDesign =
  | { kind: 'simple'; size: number }
  /** An explicit size for each stratum value (e.g. { '0-4': 3, '11-15': 2 }); unnamed strata are not sampled. */
  | { kind: 'stratified'; field: StratumField; sizes: Record<string, number> }
  /** A total split across strata in proportion to how many eligible cases each has (largest remainder). */
  | { kind: 'proportional'; field: StratumField; size: number };

export interface SampleMember {
  caseId: string;
  reference: string;
  stratum: string;
  /** Position in the stratum's shuffled order (0 = drawn first). */
  rank: number;
}

export interface StratumOutcome {
  stratum: string;
  eligible: number;
  requested: number;
  drawn: number;
}

export interface SampleDraw {
  version: typeof SAMPLING_VERSION;
  seed: string;
  eligibleCaseIds: string[];
  members: SampleMember[];
  strata: StratumOutcome[];
  explanation: string;
}

export const MAX_SAMPLE_SIZE = 500;

export function matchesCriteria(c: SampleCase, criteria: SampleCriteria): boolean {
  if (criteria.services && criteria.services.length > 0) {
    const wanted = new Set(criteria.services.map((s) => s.toLowerCase()));
    if (!c.services.some((s) => wanted.has(s.toLowerCase()))) return false;
  }
  if (criteria.ageBands && criteria.ageBands.length > 0 && !criteria.ageBands.includes(c.ageBand)) return false;
  if (criteria.lookedAfter !== undefined && c.lookedAfter !== criteria.lookedAfter) return false;
  if (criteria.childProtectionPlan !== undefined && c.childProtectionPlan !== criteria.childProtectionPlan) return false;
  if (criteria.childInNeed !== undefined && c.childInNeed !== criteria.childInNeed) return false;
  if ((criteria.consentRequired ?? true) && !c.consentToContact) return false;
  return true;
}

const yn = (b: boolean) => (b ? 'yes' : 'no');

/** The strata a case belongs to for a field: one value, except `service`, where it is each service used. */
export function strataOf(c: SampleCase, field: StratumField | null): string[] {
  switch (field) {
    case null:
      return ['all'];
    case 'age_band':
      return [c.ageBand];
    case 'looked_after':
      return [yn(c.lookedAfter)];
    case 'child_protection_plan':
      return [yn(c.childProtectionPlan)];
    case 'child_in_need':
      return [yn(c.childInNeed)];
    case 'service':
      return [...c.services];
  }
}

function byReference(a: SampleCase, b: SampleCase): number {
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The eligible cases of one stratum in their seeded random order. */
export function rankStratum(eligible: readonly SampleCase[], field: StratumField | null, stratum: string, seed: string): SampleCase[] {
  const members = eligible.filter((c) => strataOf(c, field).includes(stratum)).sort(byReference);
  return shuffle(members, seededRandom(`${seed}|${stratum}`));
}

/** Largest-remainder allocation of `size` across strata by their counts; ties go to the earlier stratum. */
export function allocateProportionally(counts: readonly { stratum: string; count: number }[], size: number): Record<string, number> {
  const total = counts.reduce((s, c) => s + c.count, 0);
  const target = Math.min(size, total);
  const out: Record<string, number> = {};
  if (total === 0) return Object.fromEntries(counts.map((c) => [c.stratum, 0]));
  const shares = counts.map((c, i) => {
    const exact = (c.count * target) / total;
    return { stratum: c.stratum, floor: Math.floor(exact), remainder: exact - Math.floor(exact), count: c.count, i };
  });
  let left = target - shares.reduce((s, x) => s + x.floor, 0);
  for (const s of shares) out[s.stratum] = s.floor;
  const order = [...shares].sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const s of order) {
    if (left <= 0) break;
    if ((out[s.stratum] ?? 0) < s.count) {
      out[s.stratum] = (out[s.stratum] ?? 0) + 1;
      left--;
    }
  }
  return out;
}

function fieldOf(design: SampleDesign): StratumField | null {
  return design.kind === 'simple' ? null : design.field;
}

export function validateDesign(design: SampleDesign): string | null {
  const sizes = design.kind === 'stratified' ? Object.values(design.sizes) : [design.size];
  if (sizes.some((n) => !Number.isInteger(n) || n < 0)) return 'Sample sizes must be whole numbers of 0 or more';
  const total = sizes.reduce((s, n) => s + n, 0);
  if (total < 1) return 'Ask for a sample of at least 1 case';
  if (total > MAX_SAMPLE_SIZE) return `A sample can have at most ${MAX_SAMPLE_SIZE} cases`;
  if (design.kind === 'stratified' && Object.keys(design.sizes).length === 0) return 'Name at least one stratum and its size';
  return null;
}

export interface DrawInput {
  cases: readonly SampleCase[];
  criteria: SampleCriteria;
  design: SampleDesign;
  seed: string;
}

export function drawSample(input: DrawInput): Result<SampleDraw, string> {
  const problem = validateDesign(input.design);
  if (problem) return err(problem);
  if (input.seed.trim() === '') return err('The seed must not be empty');
  const eligible = input.cases.filter((c) => matchesCriteria(c, input.criteria)).sort(byReference);
  const field = fieldOf(input.design);

  let requested: Record<string, number>;
  let strataOrder: string[];
  if (input.design.kind === 'simple') {
    requested = { all: input.design.size };
    strataOrder = ['all'];
  } else if (input.design.kind === 'stratified') {
    requested = { ...input.design.sizes };
    strataOrder = Object.keys(requested).sort();
  } else {
    const present = [...new Set(eligible.flatMap((c) => strataOf(c, field)))].sort();
    const counts = present.map((s) => ({ stratum: s, count: eligible.filter((c) => strataOf(c, field).includes(s)).length }));
    requested = allocateProportionally(counts, input.design.size);
    strataOrder = present;
  }

  const chosen = new Set<string>();
  const members: SampleMember[] = [];
  const strata: StratumOutcome[] = [];
  for (const stratum of strataOrder) {
    const want = requested[stratum] ?? 0;
    const ranked = rankStratum(eligible, field, stratum, input.seed);
    let drawn = 0;
    ranked.forEach((c, rank) => {
      if (drawn >= want || chosen.has(c.id)) return;
      chosen.add(c.id);
      members.push({ caseId: c.id, reference: c.reference, stratum, rank });
      drawn++;
    });
    strata.push({ stratum, eligible: ranked.length, requested: want, drawn });
  }

  const short = strata.filter((s) => s.drawn < s.requested);
  const criteriaText = describeCriteria(input.criteria);
  const designText =
    input.design.kind === 'simple'
      ? `a simple random sample of ${input.design.size}`
      : input.design.kind === 'stratified'
        ? `a sample stratified by ${input.design.field.replace(/_/g, ' ')} (${strata.map((s) => `${s.stratum}: ${s.requested}`).join(', ')})`
        : `a sample of ${input.design.size} split by ${input.design.field.replace(/_/g, ' ')} in proportion (${strata.map((s) => `${s.stratum}: ${s.requested}`).join(', ')})`;
  const explanation =
    `${SAMPLING_VERSION}: ${eligible.length} of ${input.cases.length} cases met the criteria (${criteriaText}); drew ${designText} with seed "${input.seed}": ${members.length} cases.` +
    (short.length ? ` Too few eligible cases in ${short.map((s) => `${s.stratum} (${s.drawn} of ${s.requested})`).join(', ')}.` : '');

  return ok({ version: SAMPLING_VERSION, seed: input.seed, eligibleCaseIds: eligible.map((c) => c.id), members, strata, explanation });
}

export function describeCriteria(c: SampleCriteria): string {
  const parts: string[] = [];
  if (c.services?.length) parts.push(`used ${c.services.join(' or ')}`);
  if (c.ageBands?.length) parts.push(`aged ${c.ageBands.join(' or ')}`);
  if (c.lookedAfter !== undefined) parts.push(c.lookedAfter ? 'looked after' : 'not looked after');
  if (c.childProtectionPlan !== undefined) parts.push(c.childProtectionPlan ? 'on a child protection plan' : 'not on a child protection plan');
  if (c.childInNeed !== undefined) parts.push(c.childInNeed ? 'child in need' : 'not a child in need');
  if (c.consentRequired ?? true) parts.push('consented to contact');
  return parts.length ? parts.join(', ') : 'all cases';
}

/**
 * The case that replaces a swapped-out member: the next case in the same stratum's seeded
 * order that is not in the sample and was not swapped out before. Null when none is left.
 */
export function nextReplacement(input: {
  eligible: readonly SampleCase[];
  design: SampleDesign;
  seed: string;
  stratum: string;
  excludedCaseIds: ReadonlySet<string>;
}): { case: SampleCase; rank: number } | null {
  const ranked = rankStratum(input.eligible, fieldOf(input.design), input.stratum, input.seed);
  for (let i = 0; i < ranked.length; i++) {
    const c = ranked[i] as SampleCase;
    if (!input.excludedCaseIds.has(c.id)) return { case: c, rank: i };
  }
  return null;
}
