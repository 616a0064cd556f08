/**
 * Turning several ratings into one: the adult social care principles and the NHS trust table.
 * Inputs are already-rated items; the callers decide what to do with unrated ones.
 */
import { NHS_LOWER_ROWS_OPTION, ONE_INADEQUATE_OPTION, optionNote, type RatingOptions } from './rating-options.js';
import { outstandingNeeded } from './rating-principles.data.js';
import type { Rating } from '../vocabulary/ratings.js';

export interface Rated {
  label: string;
  rating: Rating;
}

export interface Aggregation {
  rating: Rating;
  rule: string;
}

function labelsWith(items: readonly Rated[], rating: Rating): string[] {
  return items.filter((i) => i.rating === rating).map((i) => i.label);
}

const list = (labels: string[]): string => labels.join(', ');

/** The six adult social care principles (3–6 decide; 1 and 2 are applied by the caller). */
export function aggregateByAscPrinciples(items: readonly Rated[], options: Pick<RatingOptions, 'oneInadequateOutcome' | 'oneInadequateRationale'>): Aggregation {
  if (items.length === 0) throw new Error('aggregateByAscPrinciples needs at least one rating');
  const inadequate = labelsWith(items, 'Inadequate');
  const ri = labelsWith(items, 'Requires improvement');
  const outstanding = labelsWith(items, 'Outstanding');
  if (inadequate.length >= 2) return { rating: 'Inadequate', rule: `Two or more key questions Inadequate (${list(inadequate)}): overall Inadequate (principle 6).` };
  if (ri.length >= 2) {
    const also = inadequate.length === 1 ? ` and one Inadequate (${list(inadequate)})` : '';
    return { rating: 'Requires improvement', rule: `Two or more key questions Requires improvement (${list(ri)})${also}: overall Requires improvement (principle 5).` };
  }
  if (inadequate.length === 1) {
    const outcome = options.oneInadequateOutcome;
    const rationale = options.oneInadequateRationale ? ` Rationale: ${options.oneInadequateRationale}` : '';
    const riText = ri.length === 1 ? ` and one Requires improvement (${list(ri)})` : ' and no Requires improvement';
    return {
      rating: outcome,
      rule: `Exactly one key question Inadequate (${list(inadequate)})${riText}: the published principles do not cover this combination; overall ${outcome}${outcome === 'Requires improvement' ? ', which is what CQC publishes in practice' : ''} ${optionNote(ONE_INADEQUATE_OPTION, outcome)}.${rationale}`,
    };
  }
  if (outstanding.length >= 2 && ri.length === 0) {
    return { rating: 'Outstanding', rule: `At least two key questions Outstanding (${list(outstanding)}) and the others Good: overall Outstanding (principle 3).` };
  }
  const why = ri.length === 1 ? `only one Requires improvement (${list(ri)})` : 'none Requires improvement';
  const notOutstanding = outstanding.length >= 2 ? '; Outstanding needs the others Good' : outstanding.length === 1 ? `; one Outstanding (${list(outstanding)}) is not enough for Outstanding` : '';
  return { rating: 'Good', rule: `No key question Inadequate and ${why}${notOutstanding}: overall Good (principle 4).` };
}

/** The NHS trust table: X Outstanding with the rest Good; the lower rows are the option nhsLowerRows. */
export function aggregateByNhsTable(items: readonly Rated[], options: Pick<RatingOptions, 'nhsLowerRows'>, what: string): Aggregation {
  const n = items.length;
  if (n === 0) throw new Error('aggregateByNhsTable needs at least one rating');
  const x = outstandingNeeded(n);
  const lowerX = options.nhsLowerRows === 'scaled' ? x : Math.min(2, n);
  const note = optionNote(NHS_LOWER_ROWS_OPTION, options.nhsLowerRows);
  const inadequate = labelsWith(items, 'Inadequate');
  const ri = labelsWith(items, 'Requires improvement');
  const outstanding = labelsWith(items, 'Outstanding');
  const base = `${what}: ${n} underlying rating${n === 1 ? '' : 's'}, so X = ${x}`;
  if (inadequate.length >= lowerX) return { rating: 'Inadequate', rule: `${base}; ${inadequate.length} Inadequate (${list(inadequate)}), at least ${lowerX}: Inadequate ${note}.` };
  if (inadequate.length >= 1 || ri.length >= lowerX) {
    const named = [...inadequate.map((l) => `${l} Inadequate`), ...ri.map((l) => `${l} Requires improvement`)];
    return { rating: 'Requires improvement', rule: `${base}; ${list(named)}: Requires improvement ${note}.` };
  }
  if (outstanding.length >= x && ri.length === 0) return { rating: 'Outstanding', rule: `${base}; ${outstanding.length} Outstanding (${list(outstanding)}) and the rest Good: Outstanding.` };
  return { rating: 'Good', rule: `${base}; ${outstanding.length} Outstanding (fewer than ${x} needed for Outstanding)${ri.length ? `, ${list(ri)} Requires improvement` : ''}, no Inadequate: Good.` };
}
