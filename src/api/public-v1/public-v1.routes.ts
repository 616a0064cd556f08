/**
 * The public JSON API, compatible with CQC's syndication API (domain.md 6.1). No sign-in.
 * Rate-limited per client (subscription key header, else IP), with counts in Redis when
 * REDIS_URL is set so every app process shares them.
 */
import { createHash } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import {
  listChanges,
  listLocationsPage,
  listProviderLocations,
  listProvidersPage,
  type LocationFilters,
} from '../../data/repositories/register.repository.js';
import { normaliseCqcRating } from '../../domain/vocabulary/ratings.js';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../services/errors.js';
import { getLocationProfile, getProviderProfile } from '../../services/register/register.service.js';
import { locationDocument, providerDocument } from './cqc-shape.js';
import { locationRatingReview } from '../../services/provider-portal/rating-review.service.js';
import { openApiDocument } from './openapi.js';
import { enforcementExtensionRoutes } from './enforcement-extension.js';
import { DEFAULT_PER_PAGE, envelope, MAX_PER_PAGE, timestamp, wholeNumber, yesNo } from './paging.js';

type Query = Record<string, string | undefined>;

const stringQuery = (names: string[]) => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string', maxLength: 200 }])) }) as const;
const idParams = (name: string) => ({ type: 'object', properties: { [name]: { type: 'string', minLength: 1, maxLength: 64 } }, required: [name] }) as const;
const errorSchema = { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } as const;
const pageEnvelope = {
  total: { type: 'integer' },
  page: { type: 'integer' },
  perPage: { type: 'integer' },
  totalPages: { type: 'integer' },
  firstPageUri: { type: 'string' },
  previousPageUri: { type: ['string', 'null'] },
  nextPageUri: { type: ['string', 'null'] },
  lastPageUri: { type: 'string' },
  uri: { type: 'string' },
} as const;
const listResponse = (key: string, item: object) => ({
  200: { type: 'object', properties: { ...pageEnvelope, [key]: { type: 'array', items: item } } },
  400: errorSchema,
  404: errorSchema,
  429: errorSchema,
});
const locationSummary = { type: 'object', properties: { locationId: { type: 'string' }, locationName: { type: 'string' }, postalCode: { type: ['string', 'null'] } } };
const providerSummary = { type: 'object', properties: { providerId: { type: 'string' }, providerName: { type: 'string' } } };
const LOCATION_FILTERS = ['localAuthority', 'region', 'constituency', 'careHome', 'inspectionDirectorate', 'primaryInspectionCategoryName', 'overallRating', 'rating'];
/** CQC's subscription parameter: clients written for CQC send it; it selects nothing here. */
const CQC_CLIENT_PARAMS = ['partnerCode'];

/**
 * An unknown query parameter is refused, never silently ignored: a client that misspells a
 * filter would otherwise get every record back. The answer is a problem document (RFC 9457)
 * naming the parameter, with the API's usual error envelope inside it.
 */
function refuseUnknownParameters(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const schema = (request.routeOptions.schema?.querystring ?? undefined) as { properties?: Record<string, unknown> } | undefined;
  const known = new Set([...Object.keys(schema?.properties ?? {}), ...CQC_CLIENT_PARAMS]);
  const unknown = Object.keys((request.query ?? {}) as Record<string, unknown>).filter((k) => !known.has(k));
  if (unknown.length === 0) return done();
  const names = unknown.map((u) => `"${u}"`).join(', ');
  const detail = `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${names}. This endpoint accepts: ${[...known].join(', ') || 'no parameters'}.`;
  void reply
    .code(400)
    .header('Cache-Control', 'no-store')
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'https://inspectorate.example/problems/unknown-parameter', title: 'Unknown query parameter', status: 400, detail, invalidParams: unknown.map((name) => ({ name, reason: 'not a parameter of this endpoint' })), error: { code: 'unknown_parameter', message: detail } }));
}

function paging(q: Query): { page: number; perPage: number } {
  return { page: wholeNumber('page', q['page'], 1, 1, 1_000_000), perPage: wholeNumber('perPage', q['perPage'], DEFAULT_PER_PAGE, 1, MAX_PER_PAGE) };
}

function locationFilters(q: Query): LocationFilters {
  const ratingRaw = q['overallRating'] ?? q['rating'];
  const rating = ratingRaw ? normaliseCqcRating(ratingRaw) : undefined;
  if (ratingRaw && !rating) throw new ValidationError([{ field: 'overallRating', message: `must be Outstanding, Good, Requires improvement or Inadequate, got "${ratingRaw}"` }]);
  return {
    localAuthority: q['localAuthority'],
    region: q['region'],
    constituency: q['constituency'],
    careHome: yesNo('careHome', q['careHome']),
    inspectionDirectorate: q['inspectionDirectorate'],
    primaryInspectionCategory: q['primaryInspectionCategoryName'],
    rating,
  };
}

export function clientKey(request: FastifyRequest): string {
  const key = request.headers['ocp-apim-subscription-key'];
  return typeof key === 'string' && key.trim() ? `key:${key.trim().slice(0, 200)}` : `ip:${request.ip}`;
}

export async function publicApiRoutes(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const { config } = opts;
  if (config.publicApiRateLimit > 0) {
    const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false }) : undefined;
    if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => undefined)));
    await app.register(fastifyRateLimit, {
      max: config.publicApiRateLimit,
      timeWindow: 60_000,
      keyGenerator: clientKey,
      nameSpace: 'inspectorate-public-v1-',
      skipOnError: true,
      ...(redis ? { redis } : {}),
      errorResponseBuilder: (_request, context) =>
        new TooManyRequestsError(`Rate limit exceeded: at most ${context.max} requests a minute for each client. Try again in ${context.after}.`, Math.max(1, Math.ceil(context.ttl / 1000))),
    });
  }

  // ETag on every successful JSON response; a matching If-None-Match gets 304.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') {
      if (reply.statusCode >= 400) reply.header('Cache-Control', 'no-store');
      return payload;
    }
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('ETag', etag);
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'public, max-age=60');
    if (request.headers['if-none-match'] === etag) {
      reply.code(304);
      return '';
    }
    return payload;
  });

  app.addHook('preValidation', (request, reply, done) => {
    if (!request.url.startsWith('/public/v1/') || request.url.startsWith('/public/v1/openapi.json')) return done();
    refuseUnknownParameters(request, reply, done);
  });

  app.get('/public/v1', async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').view('register/views/public-api.njk', { pageTitle: 'Public API', rateLimit: config.publicApiRateLimit }),
  );
  app.get('/public/v1/openapi.json', { schema: { response: { 200: { type: 'object', additionalProperties: true } } } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').send(openApiDocument),
  );

  app.get<{ Querystring: Query }>(
    '/public/v1/locations',
    { schema: { querystring: stringQuery(['page', 'perPage', ...LOCATION_FILTERS, 'afterLocationId']), response: listResponse('locations', locationSummary) } },
    async (request) => {
      const { page, perPage } = paging(request.query);
      // Extension (documented in the OpenAPI document): keyset paging by location ID, for clients walking the whole register.
      const after = request.query['afterLocationId'];
      if (after !== undefined && request.query['page'] !== undefined) throw new ValidationError([{ field: 'afterLocationId', message: 'give either page or afterLocationId, not both' }]);
      const result = await listLocationsPage(request.serviceContext().db, locationFilters(request.query), perPage, (page - 1) * perPage, after);
      const paged = envelope('/locations', request.query, page, perPage, result.total);
      if (after !== undefined) {
        const last = result.rows[result.rows.length - 1]?.location_id;
        const params = new URLSearchParams(Object.entries(request.query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'afterLocationId'));
        params.set('perPage', String(perPage));
        if (last && result.rows.length === perPage) params.set('afterLocationId', last);
        paged.nextPageUri = last && result.rows.length === perPage ? `/locations?${params.toString()}` : null;
        paged.previousPageUri = null;
      }
      return {
        ...paged,
        locations: result.rows.map((r) => ({ locationId: r.location_id, locationName: r.name, postalCode: r.postcode })),
      };
    },
  );

  app.get<{ Params: { locationId: string } }>(
    '/public/v1/locations/:locationId',
    { schema: { params: idParams('locationId'), response: { 200: { type: 'object', additionalProperties: true }, 404: errorSchema, 429: errorSchema } } },
    async (request) => {
      const profile = await getLocationProfile(request.serviceContext(), request.params.locationId);
      // Issue 19: a review of the ratings open now, or its latest outcome.
      return { ...locationDocument(profile), ratingReview: await locationRatingReview(request.serviceContext().db, profile.location.organisation_id) };
    },
  );

  app.get<{ Querystring: Query }>(
    '/public/v1/providers',
    { schema: { querystring: stringQuery(['page', 'perPage', 'localAuthority', 'region', 'inspectionDirectorate']), response: listResponse('providers', providerSummary) } },
    async (request) => {
      const { page, perPage } = paging(request.query);
      const q = request.query;
      const result = await listProvidersPage(request.serviceContext().db, { localAuthority: q['localAuthority'], region: q['region'], inspectionDirectorate: q['inspectionDirectorate'] }, perPage, (page - 1) * perPage);
      return { ...envelope('/providers', q, page, perPage, result.total), providers: result.rows.map((r) => ({ providerId: r.provider_id, providerName: r.name })) };
    },
  );

  app.get<{ Params: { providerId: string } }>(
    '/public/v1/providers/:providerId',
    { schema: { params: idParams('providerId'), response: { 200: { type: 'object', additionalProperties: true }, 404: errorSchema, 429: errorSchema } } },
    async (request) => providerDocument(await getProviderProfile(request.serviceContext(), request.params.providerId)),
  );

  app.get<{ Params: { providerId: string }; Querystring: Query }>(
    '/public/v1/providers/:providerId/locations',
    { schema: { params: idParams('providerId'), querystring: stringQuery(['page', 'perPage']), response: listResponse('locations', locationSummary) } },
    async (request) => {
      const { page, perPage } = paging(request.query);
      const ctx = request.serviceContext();
      await getProviderProfile(ctx, request.params.providerId);
      const all = await listProviderLocations(ctx.db, request.params.providerId);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      return {
        ...envelope(`/providers/${encodeURIComponent(request.params.providerId)}/locations`, request.query, page, perPage, all.length),
        locations: slice.map((r) => ({ locationId: r.location_id, locationName: r.name, postalCode: r.postcode })),
      };
    },
  );

  app.get<{ Params: { kind: string }; Querystring: Query }>(
    '/public/v1/changes/:kind',
    {
      schema: {
        params: { type: 'object', properties: { kind: { type: 'string', maxLength: 20 } }, required: ['kind'] },
        querystring: stringQuery(['page', 'perPage', 'startTimestamp', 'endTimestamp']),
        response: listResponse('changes', { type: 'string' }),
      },
    },
    async (request) => {
      const kind = request.params.kind;
      if (kind !== 'location' && kind !== 'provider') throw new NotFoundError('Changes are listed for "location" or "provider"');
      const q = request.query;
      const { page, perPage } = paging(q);
      const start = timestamp('startTimestamp', q['startTimestamp']);
      // Both ends are required, as CQC's changes feed requires them.
      const end = timestamp('endTimestamp', q['endTimestamp']);
      if (end < start) throw new ValidationError([{ field: 'endTimestamp', message: 'must not be before startTimestamp' }]);
      const result = await listChanges(request.serviceContext().db, kind, start, end, perPage, (page - 1) * perPage);
      return { ...envelope(`/changes/${kind}`, q, page, perPage, result.total), changes: result.ids };
    },
  );

  // Issue 16: published enforcement, a documented extension (CQC-compatible responses are unchanged).
  await enforcementExtensionRoutes(app);
}
