import { err, ok, type Result } from '../shared/result.js';
import { DEFAULT_RATING_OPTIONS, ONE_INADEQUATE_OPTION, type RatingOptions } from './rating-options.js';

/**
 * Defaults filled in; a departure from the default for the one-Inadequate gap must carry a
 * rationale (domain.md 1.6: "an override that requires a rationale").
 */
export function resolveRatingOptions(given: Partial<RatingOptions> = {}): Result<RatingOptions> {
  const options: RatingOptions = { ...DEFAULT_RATING_OPTIONS, ...given };
  if (options.oneInadequateOutcome !== ONE_INADEQUATE_OPTION.defaultValue && !options.oneInadequateRationale?.trim()) {
    return err(`${ONE_INADEQUATE_OPTION.id} = ${options.oneInadequateOutcome} departs from the default and needs a rationale`);
  }
  return ok(options);
}
