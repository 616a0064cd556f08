/** Key-question rating limiters (domain.md 1.5): breaches with their enforcement action, and well-led. */
import { enforcementPower, type BreachAction } from '../enforcement/enforcement-powers.data.js';
import { describeRegulation } from '../framework/regulations.data.js';
import { KEY_QUESTIONS, keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { ESCALATED_POWER_OPTION, optionNote, type RatingOptions } from './rating-options.js';
import { WELL_LED_LIMITER_TEXT, type WellLedLimiter } from './rating-principles.data.js';
import { isBetter, isRating, type Rating, type RatingValue } from '../vocabulary/ratings.js';

export interface Breach {
  regulation: string;
  action: BreachAction;
  keyQuestion?: KeyQuestion;
}

export type KeyQuestionRatings = Record<KeyQuestion, RatingValue | null>;

const ACTION_NAMES: Readonly<Record<BreachAction, string>> = {
  'requirement-notice': 'requirement notice',
  'warning-notice': 'warning notice',
  condition: 'condition',
  suspension: 'suspension',
  cancellation: 'cancellation',
  'urgent-action': 'urgent action',
  'special-measures': 'special measures',
};

function capOrSet(current: RatingValue | null, target: Rating, mode: 'cap' | 'set'): RatingValue | null {
  if (mode === 'set') return target;
  return isRating(current) && isBetter(current, target) ? target : current;
}

/** Applies breach limiters, then the well-led limiters, to a copy of the key question ratings. */
export function applyKeyQuestionLimiters(
  input: KeyQuestionRatings,
  breaches: readonly Breach[],
  wellLedLimiters: readonly WellLedLimiter[],
  options: Pick<RatingOptions, 'escalatedPowerEffect'>,
): { ratings: KeyQuestionRatings; explanation: string[] } {
  const ratings: KeyQuestionRatings = { ...input };
  const explanation: string[] = [];
  for (const breach of breaches) {
    const kq = breach.keyQuestion;
    const why = `${ACTION_NAMES[breach.action]} for breach of ${describeRegulation(breach.regulation)}`;
    if (!kq) {
      explanation.push(`${why[0]?.toUpperCase()}${why.slice(1)} is not linked to a key question, so no key question limiter applies.`);
      continue;
    }
    const effect = enforcementPower(breach.action).ratingEffect;
    let target: Rating;
    let mode: 'cap' | 'set';
    let note = '';
    if (effect === 'cap-requires-improvement') [target, mode] = ['Requires improvement', 'cap'];
    else if (effect === 'inadequate') [target, mode] = ['Inadequate', 'set'];
    else if (effect === 'escalated') {
      [target, mode] = options.escalatedPowerEffect === 'inadequate' ? ['Inadequate', 'set'] : ['Requires improvement', 'cap'];
      note = ` ${optionNote(ESCALATED_POWER_OPTION, options.escalatedPowerEffect)}`;
    } else continue;
    const before = ratings[kq];
    const after = capOrSet(before, target, mode);
    ratings[kq] = after;
    const name = keyQuestionName(kq);
    if (after !== before) {
      explanation.push(mode === 'set' ? `${name} made ${target} (was ${before ?? 'not rated'}): ${why}${note}.` : `${name} limited to ${target} (was ${before}): ${why}${note}.`);
    } else {
      explanation.push(`${name} is already ${before ?? 'not rated'}; the ${why} does not change it${note}.`);
    }
  }
  if (wellLedLimiters.length > 0) {
    const before = ratings.wellLed;
    const after = capOrSet(before, 'Requires improvement', 'cap');
    ratings.wellLed = after;
    const reasons = wellLedLimiters.map((l) => WELL_LED_LIMITER_TEXT[l]).join('; ');
    explanation.push(after !== before ? `Well-led limited to Requires improvement (was ${before}): ${reasons}.` : `Well-led is already ${before ?? 'not rated'}; the well-led limiter (${reasons}) does not change it.`);
  }
  return { ratings, explanation };
}

export function emptyKeyQuestionRatings(): KeyQuestionRatings {
  return Object.fromEntries(KEY_QUESTIONS.map((k) => [k, null])) as KeyQuestionRatings;
}
