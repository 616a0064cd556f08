/**
 * Rating fidelity: how often the rules engine reproduces CQC's published overall rating from the
 * published key question ratings, per sector, over real CQC API responses (current and historic).
 *
 *   npx tsx bench/rating-fidelity.ts [--json] [--list]
 *
 * Reads $INSPECTORATE_DATA_DIR/cqc-api-oldham (default ../shared/data relative to the repository).
 * No breach data is published in the API, so the engine runs without breaches; disagreements are
 * classified by kind (see docs/rating-fidelity.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY_QUESTIONS, parseKeyQuestion, type KeyQuestion } from '../src/domain/vocabulary/key-questions.js';
import type { OverallMethod } from '../src/domain/rating/asc-principles.method.js';
import { rateOverall } from '../src/domain/rating/asc-principles.method.js';
import { combineFocusedInspection, type DatedRating } from '../src/domain/rating/focused-inspection.js';
import { DEFAULT_RATING_OPTIONS } from '../src/domain/rating/rating-options.js';
import { isRating, parseRating, RATINGS, ratingRank, type RatingValue } from '../src/domain/vocabulary/ratings.js';

const SECTORS = ['Adult social care', 'Primary medical services', 'Hospitals', 'Other'] as const;
type Sector = (typeof SECTORS)[number];
const METHOD_FOR: Record<Sector, OverallMethod> = { 'Adult social care': 'asc-principles', 'Primary medical services': 'primary-medical', Hospitals: 'nhs-trust', Other: 'asc-principles' };

interface ApiKq {
  name?: string;
  rating?: string;
  reportDate?: string;
}
interface ApiOverall {
  rating?: string;
  reportDate?: string;
  keyQuestionRatings?: ApiKq[];
}
interface ApiLocation {
  locationId: string;
  name?: string;
  type?: string;
  inspectionDirectorate?: string;
  currentRatings?: { overall?: ApiOverall; reportDate?: string };
  historicRatings?: { reportDate?: string; organisationId?: string; overall?: ApiOverall }[];
}

interface Snapshot {
  date: string;
  organisationId: string;
  inherited: boolean;
  published: RatingValue | null;
  kqs: Partial<Record<KeyQuestion, DatedRating>>;
  current: boolean;
}

export interface Case {
  locationId: string;
  name: string;
  sector: Sector;
  date: string;
  current: boolean;
  published: RatingValue;
  engine: RatingValue;
  kind: string;
  keyQuestions: string;
  note?: string;
}

const rating = (value: string | undefined): RatingValue | null => {
  const parsed = parseRating(value ?? null);
  return parsed.ok ? parsed.value : null;
};

function sectorOf(loc: ApiLocation): Sector {
  const d = loc.inspectionDirectorate ?? '';
  return (SECTORS as readonly string[]).includes(d) ? (d as Sector) : 'Other';
}

function snapshotsOf(loc: ApiLocation): Snapshot[] {
  const out: Snapshot[] = [];
  const toKqs = (o: ApiOverall | undefined, fallbackDate: string): Snapshot['kqs'] => {
    const kqs: Snapshot['kqs'] = {};
    for (const k of o?.keyQuestionRatings ?? []) {
      const kq = parseKeyQuestion(k.name ?? '');
      const r = rating(k.rating);
      if (kq && r) kqs[kq] = { rating: r, date: k.reportDate ?? fallbackDate };
    }
    return kqs;
  };
  const cur = loc.currentRatings?.overall;
  if (cur) {
    const date = cur.reportDate ?? loc.currentRatings?.reportDate ?? '9999-12-31';
    out.push({ date, organisationId: loc.locationId, inherited: false, published: rating(cur.rating), kqs: toKqs(cur, date), current: true });
  }
  for (const h of loc.historicRatings ?? []) {
    const date = h.reportDate ?? '0000-01-01';
    const inherited = Boolean(h.organisationId && h.organisationId !== loc.locationId);
    out.push({ date, organisationId: h.organisationId ?? loc.locationId, inherited, published: rating(h.overall?.rating), kqs: toKqs(h.overall, date), current: false });
  }
  // A historic entry lists only some key questions; a later entry may still show the others with
  // this report's date (the rating was awarded by that report and is still current). Fill them in.
  for (const later of out) {
    for (const [kq, dated] of Object.entries(later.kqs) as [KeyQuestion, DatedRating][]) {
      const same = out.find((o) => o !== later && o.date === dated.date && o.organisationId === later.organisationId);
      if (same && !same.kqs[kq]) same.kqs[kq] = { ...dated };
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || Number(a.current) - Number(b.current));
}

function classify(s: Snapshot, focused: boolean, engine: RatingValue, published: RatingValue, combined: Partial<Record<KeyQuestion, RatingValue | null>>): string {
  if (engine === published) return 'agree';
  if (s.inherited) return 'inherited rating (previous provider)';
  if (!isRating(published)) return `published ${published} with rated key questions`;
  if (!isRating(engine)) return focused ? 'focused inspection: earlier ratings not available to combine' : 'key question without a published rating';
  const values = KEY_QUESTIONS.map((k) => combined[k]).filter(isRating);
  const inadequate = values.filter((v) => v === 'Inadequate').length;
  const ri = values.filter((v) => v === 'Requires improvement').length;
  const prefix = focused ? 'focused inspection: ' : '';
  if (inadequate === 1 && ri <= 1) return `${prefix}one Inadequate key question (the principles' gap): published ${published}`;
  if (ratingRank(published) < ratingRank(engine)) {
    if (published === 'Requires improvement' && engine === 'Good') return `${prefix}published worse: Requires improvement where the principles give Good (breach limiter)`;
    return `${prefix}published worse than the principles (${engine} → ${published})`;
  }
  return `${prefix}published better than the principles (${engine} → ${published}): recorded departure`;
}

const UNDETERMINED = 'undetermined: key questions missing from the data decide the outcome';

export function fidelityCases(dataDir: string): { cases: Case[]; skipped: Record<string, number> } {
  const dir = path.join(dataDir, 'cqc-api-oldham', 'location_details');
  const cases: Case[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const loc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ApiLocation;
    const sector = sectorOf(loc);
    const method = METHOD_FOR[sector];
    // Carry-forward state per organisation: a previous provider's ratings are never aggregated into the new provider's.
    const carried = new Map<string, Partial<Record<KeyQuestion, DatedRating>>>();
    for (const s of snapshotsOf(loc)) {
      const existing = carried.get(s.organisationId) ?? {};
      if (s.published === null) {
        skip('no overall rating in the snapshot');
        continue;
      }
      if (Object.keys(s.kqs).length === 0) {
        skip(`overall "${s.published}" with no key question ratings`);
        continue;
      }
      const focused = Object.keys(s.kqs).length < 5;
      const combination = combineFocusedInspection(existing, s.kqs);
      carried.set(s.organisationId, { ...existing, ...s.kqs });
      const combined = Object.fromEntries(KEY_QUESTIONS.map((k) => [k, combination.keyQuestions[k].rating])) as Record<KeyQuestion, RatingValue | null>;
      const absent = KEY_QUESTIONS.filter((k) => combination.keyQuestions[k].source === 'none');
      // Key questions absent from the data (rated before the oldest entry held): try every rating for them.
      const outcomes = new Set<RatingValue>();
      for (let n = 0; n < 4 ** absent.length; n++) {
        const filled = { ...combined };
        absent.forEach((k, i) => (filled[k] = RATINGS[Math.floor(n / 4 ** i) % 4] ?? null));
        outcomes.add(rateOverall(method, { keyQuestions: filled }, DEFAULT_RATING_OPTIONS).overall);
      }
      const base = {
        locationId: loc.locationId,
        name: loc.name ?? '',
        sector,
        date: s.date,
        current: s.current,
        published: s.published,
        keyQuestions: KEY_QUESTIONS.map((k) => `${k}=${combined[k] ?? '?'}${combination.keyQuestions[k].source === 'carried-forward' ? '*' : ''}`).join(' '),
      };
      const [only] = [...outcomes];
      if (outcomes.size !== 1 || only === undefined) {
        const consistent = outcomes.has(s.published) ? 'the published rating is one of the possible outcomes' : 'the published rating is NOT among the possible outcomes';
        cases.push({ ...base, engine: 'Not rated', kind: UNDETERMINED, note: `${consistent} (${[...outcomes].join(', ')})` });
        continue;
      }
      cases.push({ ...base, engine: only, kind: classify(s, focused, only, s.published, combined) });
    }
  }
  return { cases, skipped };
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`;
}

function report(cases: Case[], skipped: Record<string, number>, list: boolean): string {
  const out: string[] = ['Rating fidelity: CQC published overall vs the rules engine (default options, no breach data)', ''];
  out.push('| Sector | Method | Rated cases | Agree | Agreement | Non-rated cases | Agree |', '|---|---|---|---|---|---|---|');
  for (const sector of SECTORS) {
    const mine = cases.filter((c) => c.sector === sector);
    const rated = mine.filter((c) => isRating(c.published) && c.kind !== UNDETERMINED);
    const unrated = mine.filter((c) => !isRating(c.published) && c.kind !== UNDETERMINED);
    const agreeRated = rated.filter((c) => c.kind === 'agree').length;
    out.push(`| ${sector} | ${METHOD_FOR[sector]} | ${rated.length} | ${agreeRated} | ${pct(agreeRated, rated.length)} | ${unrated.length} | ${unrated.filter((c) => c.kind === 'agree').length} |`);
  }
  const current = cases.filter((c) => c.current && isRating(c.published) && c.kind !== UNDETERMINED);
  out.push('', `Current ratings only: ${current.filter((c) => c.kind === 'agree').length} of ${current.length} agree (${pct(current.filter((c) => c.kind === 'agree').length, current.length)}).`);
  const focused = cases.filter((c) => c.keyQuestions.includes('*') && isRating(c.published) && c.kind !== UNDETERMINED);
  out.push(`Snapshots with key questions missing from the data but the outcome still determined: ${cases.filter((c) => c.keyQuestions.includes('?') && c.kind !== UNDETERMINED).length}; undetermined (left out of the agreement figures): ${cases.filter((c) => c.kind === UNDETERMINED).length}.`);
  out.push(`Snapshots needing the focused-inspection combination (principle 2): ${focused.length}, of which ${focused.filter((c) => c.kind === 'agree').length} agree.`);
  out.push('', 'Disagreements by kind:');
  const kinds = new Map<string, Case[]>();
  for (const c of cases.filter((x) => x.kind !== 'agree')) kinds.set(c.kind, [...(kinds.get(c.kind) ?? []), c]);
  if (kinds.size === 0) out.push('  none');
  for (const [kind, list_] of [...kinds.entries()].sort((a, b) => b[1].length - a[1].length)) {
    out.push(`  ${list_.length} × ${kind}`);
    if (list) for (const c of list_) out.push(`      ${c.sector} ${c.locationId} ${c.date}${c.current ? ' (current)' : ''}: published ${c.published}, engine ${c.engine}; ${c.keyQuestions}${c.note ? `; ${c.note}` : ''}`);
  }
  out.push('', 'Snapshots not compared:');
  for (const [why, n] of Object.entries(skipped).sort((a, b) => b[1] - a[1])) out.push(`  ${n} × ${why}`);
  return out.join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dataDir = path.resolve(process.env['INSPECTORATE_DATA_DIR']?.trim() || path.join(repo, '..', 'shared', 'data'));
  const { cases, skipped } = fidelityCases(dataDir);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
  else process.stdout.write(`${report(cases, skipped, process.argv.includes('--list'))}\n`);
}
