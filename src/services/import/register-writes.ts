/**
 * The register's bulk writes as every import uses them: with the rating precedence rule, so an
 * import never undoes a rating this platform published (src/domain/register/rating-precedence.ts).
 */
import type { Executor } from '../../data/database.js';
import { prepareLocationRecord, upsertLocationBatch, upsertProviderBatch, type BatchCounts, type LocationRecord, type ProviderRecord, type RatingPrecedence } from '../../data/repositories/register-write.repository.js';
import { importedRatingReplacesPublished, laterDate, PLATFORM_RATING_SOURCE } from '../../domain/register/rating-precedence.js';

export const RATING_PRECEDENCE: RatingPrecedence = { platformSource: PLATFORM_RATING_SOURCE, importedReplacesPublished: importedRatingReplacesPublished, laterDate };

export function writeLocations(db: Executor, batch: LocationRecord[]): Promise<BatchCounts> {
  return upsertLocationBatch(db, batch, RATING_PRECEDENCE);
}

export function writeProviders(db: Executor, batch: ProviderRecord[]): Promise<BatchCounts> {
  return upsertProviderBatch(db, batch, RATING_PRECEDENCE);
}

/** A location's hash and document JSON, worked out as it is read (off the write's path). */
export const prepareLocation: (record: LocationRecord) => void = prepareLocationRecord;
