/**
 * The bench's searches (bench/register.ts, bench/search-timings.ts). Not a script of its own.
 */
import type { Db } from '../src/data/database.js';
import { searchLocations, type MatchCount, type SortKeyValue } from '../src/data/repositories/register.repository.js';
import { encodeCursor } from '../src/web/register/search.view-model.js';

/**
 * The searches people type, as query strings: town names, postcodes and outward codes, provider
 * names, broad words, a place with a distance, a filter, and deep pages of broad searches reached by
 * the Next link (their cursors read here, page by page, as a person clicking Next would).
 */
export async function searchMix(db: Db): Promise<string[]> {
  const towns = ['luton', 'oldham', 'london', 'leeds', 'bristol', 'manchester', 'birmingham', 'norwich', 'exeter', 'york'];
  const broad = ['care', 'practice', 'house', 'road', 'surgery', 'medical centre'];
  const some = await db.selectFrom('register_locations').select(['postcode', 'outward_code', 'provider_name']).where('postcode', 'is not', null).orderBy('location_id').limit(2000).execute();
  const pick = <T,>(xs: T[], k: number) => Array.from({ length: k }, (_, j) => xs[(j * 397) % xs.length]!);
  const postcodes = pick(some.map((r) => r.postcode as string), 6);
  const outward = pick(some.map((r) => r.outward_code).filter((x): x is string => !!x), 4);
  const providers = pick(some.map((r) => r.provider_name).filter((x): x is string => !!x), 6);
  const mix: string[] = [];
  const q = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;
  for (const t of [...towns, ...broad, ...postcodes, ...outward, ...providers]) mix.push(q(t));
  mix.push(q('care', '&type=Social%20Care%20Org'), q('surgery', '&rating=Good'), `near=${encodeURIComponent(outward[0]!)}&distance=10`, q('house', '&sort=rating-date'));
  // Deep pages: Next from page 1 to page 60 of each broad word, every fifth page kept.
  for (const word of broad) {
    let after: SortKeyValue[] | null = null;
    let count: MatchCount | undefined;
    for (let page = 2; page <= 60; page++) {
      const r: Awaited<ReturnType<typeof searchLocations>> = await searchLocations(db, { q: word, registeredOnly: true }, { sort: 'relevance', limit: 20, ...(after ? { position: { after } } : { offset: 0 }), ...(count ? { knownCount: count } : {}) });
      count = r.count;
      if (!r.lastKey || !r.hasAfter) break;
      after = r.lastKey;
      if (page % 5 === 0) mix.push(q(word, `&page=${page}&after=${encodeCursor(after)}`));
    }
  }
  return mix;
}
