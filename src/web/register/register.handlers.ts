import type { FastifyReply, FastifyRequest } from 'fastify';
import { getLocationProfile, getProviderProfile, searchRegister, today } from '../../services/register/register.service.js';
import { servePublicPage, type PageRender } from './public-page-cache.js';
import { locationAfterReport } from '../feedback/location-after-report.js';
import { locationRatingReviewSection } from '../rating-review/location-review.view-model.js';
import { buildLocationPage, buildProviderPage } from './location.view-model.js';
import { buildSearchPage, parseSearchQuery, SEARCH_PER_PAGE, SEARCH_MAX_RESULTS, type SearchQuery } from './search.view-model.js';

export async function searchPage(request: FastifyRequest<{ Querystring: SearchQuery }>, reply: FastifyReply) {
  return servePublicPage(request, reply, () => buildSearch(request));
}

async function buildSearch(request: FastifyRequest<{ Querystring: SearchQuery }>): Promise<PageRender> {
  const ctx = request.serviceContext();
  const parsed = parseSearchQuery(request.query);
  const result = await searchRegister(ctx, { filters: parsed.filters, sort: parsed.sort, page: parsed.page, perPage: SEARCH_PER_PAGE, countCap: SEARCH_MAX_RESULTS });
  const view = buildSearchPage(parsed, result, today(ctx));
  return { template: 'register/views/search.njk', data: { view, pageTitle: view.pageTitle } };
}

export async function locationPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  return servePublicPage(request, reply, async () => {
    const ctx = request.serviceContext();
    const detail = await getLocationProfile(ctx, request.params.id);
    const view = buildLocationPage(detail, today(ctx));
    // Feedback outcomes and GP Patient Survey benchmarks (issue 8): src/web/feedback/location-after-report.ts
    return { template: 'register/views/location.njk', data: { view, pageTitle: view.pageTitle, afterReport: await locationAfterReport(ctx, detail.location), ratingReview: await locationRatingReviewSection(ctx, detail.location.organisation_id) } };
  });
}

export async function providerPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  return servePublicPage(request, reply, async () => {
    const ctx = request.serviceContext();
    const view = buildProviderPage(await getProviderProfile(ctx, request.params.id), today(ctx));
    return { template: 'register/views/provider.njk', data: { view, pageTitle: view.pageTitle } };
  });
}
