/**
 * The public register's read use cases. Everything here is public: no sign-in needed.
 */
import { londonDate } from '../../domain/deadlines/london-time.js';
import {
  findRegisterLocation,
  findRegisterProvider,
  registerFilterOptions,
  searchLocations,
  type FilterOptions,
  type MatchCount,
  type LocationDetail,
  type LocationFilters,
  type ProviderDetail,
  type SearchPosition,
  type SearchResultRow,
  type SearchSort,
  type SortKeyValue,
} from '../../data/repositories/register.repository.js';
import type { Db } from '../../data/database.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { publicPagesGeneration } from './public-pages.service.js';

export interface SearchRequest {
  filters: LocationFilters;
  sort: SearchSort;
  page: number;
  perPage: number;
  /** Count matches only up to this many (the deepest page anyone can open); `totalCapped` says when there are more. */
  countCap?: number;
  /** Keyset paging: after or before a row's sort key, or the last page; otherwise the page's offset. */
  position?: SearchPosition;
}

export interface SearchResponse {
  total: number;
  totalCapped: boolean;
  rows: SearchResultRow[];
  page: number;
  perPage: number;
  options: FilterOptions;
  /** The sort keys of the page's first and last rows (for Previous and Next links), and whether rows lie each side. */
  firstKey: SortKeyValue[] | null;
  lastKey: SortKeyValue[] | null;
  hasBefore: boolean;
  hasAfter: boolean;
}

// Filter choices change only when an import runs: each process keeps them for a minute.
// (Per-process and disposable: nothing depends on it being shared.)
const OPTIONS_TTL_MS = 60_000;
const optionsCache = new WeakMap<Db, { at: number; value: Promise<FilterOptions> }>();

export function filterOptions(ctx: Pick<ServiceContext, 'db'>): Promise<FilterOptions> {
  const now = Date.now();
  const hit = optionsCache.get(ctx.db);
  if (hit && now - hit.at < OPTIONS_TTL_MS) return hit.value;
  const value = registerFilterOptions(ctx.db);
  optionsCache.set(ctx.db, { at: now, value });
  value.catch(() => optionsCache.delete(ctx.db));
  return value;
}

/**
 * Match counts, kept per process while the public pages' generation stands (ADR 0004): paging
 * through one search counts its matches once, not on every page. A count is a capped scan of
 * every match (up to 10,001 rows for a broad word), the one part of a deep page that does not
 * shrink with keyset paging (docs/performance.md).
 */
const COUNT_ENTRIES = 2_000;
const countCache = new WeakMap<Db, Map<string, { generation: string; count: MatchCount }>>();

function countKey(req: SearchRequest): string {
  // A relevance search's count holds its groups' sizes too.
  return JSON.stringify([req.filters, req.countCap ?? null, req.sort === 'relevance']);
}

export async function searchRegister(ctx: ServiceContext, req: SearchRequest): Promise<SearchResponse> {
  let counts = countCache.get(ctx.db);
  if (!counts) countCache.set(ctx.db, (counts = new Map()));
  const key = countKey(req);
  const generation = await publicPagesGeneration(ctx);
  const known = counts.get(key);
  const knownCount = known && known.generation === generation ? known.count : undefined;
  const [result, options] = await Promise.all([
    searchLocations(ctx.db, req.filters, {
      sort: req.sort,
      limit: req.perPage,
      position: req.position ?? { offset: (req.page - 1) * req.perPage },
      ...(req.countCap ? { countCap: req.countCap } : {}),
      ...(knownCount !== undefined ? { knownCount } : {}),
    }),
    filterOptions(ctx),
  ]);
  if (knownCount === undefined) {
    counts.delete(key);
    counts.set(key, { generation, count: result.count });
    while (counts.size > COUNT_ENTRIES) counts.delete(counts.keys().next().value as string);
  }
  return { ...result, page: req.page, perPage: req.perPage, options };
}

export async function getLocationProfile(ctx: Pick<ServiceContext, 'db'>, locationId: string): Promise<LocationDetail> {
  const detail = await findRegisterLocation(ctx.db, locationId);
  if (!detail) throw new NotFoundError(`No location with id ${locationId}`);
  return detail;
}

export async function getProviderProfile(ctx: ServiceContext, providerId: string): Promise<ProviderDetail> {
  const detail = await findRegisterProvider(ctx.db, providerId);
  if (!detail) throw new NotFoundError(`No provider with id ${providerId}`);
  return detail;
}

/** Today's date in England (YYYY-MM-DD, Europe/London) from the context's clock. */
export function today(ctx: Pick<ServiceContext, 'clock'>): string {
  return londonDate(ctx.clock.now());
}
