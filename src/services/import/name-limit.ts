/**
 * The longest service or provider name the register stores, in characters. CQC's longest names are
 * under 200 characters. The register's name index holds a location's name twice (lower-cased as its
 * key, and as given beside it: docs/performance.md, "Sixth pass"), and PostgreSQL limits an
 * index entry to about 2,700 bytes: 300 characters of four-byte UTF-8, twice, fit. A longer name is
 * a record's reason to be rejected, not a failed import.
 */
export const NAME_MAX = 300;

/** Why a name cannot be stored (too long), or null. `field` is the name's field as the source calls it. */
export function nameTooLong(field: string, name: string | null | undefined): string | null {
  if (!name || name.length <= NAME_MAX) return null;
  return `${field} is ${name.length.toLocaleString('en-GB')} characters long; the register stores names of up to ${NAME_MAX} characters`;
}
