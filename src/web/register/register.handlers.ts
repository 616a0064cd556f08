import type { FastifyReply, FastifyRequest } from 'fastify';
import { filterOptions, getProviderProfile, searchRegister, today } from '../../services/register/register.service.js';
import { loadLocationPage } from '../../services/register/location-page.service.js';
import { positionOfPostcode, registerIdTarget, similarLocationName } from '../../data/repositories/register.repository.js';
import { servePublicPage, type PageRender } from './public-page-cache.js';
import type { ServiceContext } from '../../services/context.js';
import { locationAfterReport } from '../feedback/location-after-report.js';
import { locationRatingReviewSection } from '../rating-review/location-review.view-model.js';
import { buildLocationPage, buildProviderPage } from './location.view-model.js';
import { locationContentHtml } from './location-page.html.js';
import { searchContentHtml } from './search-page.html.js';
import { publicEnforcementFor } from '../../services/register/public-enforcement.service.js';
import { enforcementSummary } from './enforcement-summary.view-model.js';
import { buildSearchPage, parseSearchQuery, SEARCH_PER_PAGE, SEARCH_MAX_RESULTS, type SearchQuery } from './search.view-model.js';

export async function searchPage(request: FastifyRequest<{ Querystring: SearchQuery }>, reply: FastifyReply) {
  // A location ID, provider ID or ODS code goes straight to that service.
  const target = await searchTarget(request.serviceContext(), request.query);
  if (target) return reply.redirect(`/${target.kind === 'location' ? 'locations' : 'providers'}/${encodeURIComponent(target.id)}`, 303);
  return servePublicPage(request, reply, () => buildSearch(request));
}

/** A typed location ID, provider ID or ODS code that names one service (no place search). */
export async function searchTarget(ctx: Pick<ServiceContext, 'db'>, query: SearchQuery) {
  const q = query.q?.trim();
  return q && !query.near ? registerIdTarget(ctx.db, q) : undefined;
}

/**
 * What the search page reads, for a parsed query: the place for "near", the results and the "Did
 * you mean" suggestion. `bench/register.ts` serves the very same reads from a bare route.
 */
export async function loadSearch(ctx: ServiceContext, query: SearchQuery) {
  const parsed = parseSearchQuery(query);
  let nearProblem: string | undefined;
  if (parsed.problems.length === 0 && parsed.near) {
    const at = await positionOfPostcode(ctx.db, parsed.near.place);
    if (at) parsed.filters.near = { latitude: at.latitude, longitude: at.longitude, miles: parsed.near.miles };
    else nearProblem = `We could not find “${parsed.near.place}”. Enter a postcode such as LU2 9AU, or the first part of one such as LU2.`;
  }
  const result = nearProblem || parsed.problems.length
    ? { total: 0, totalCapped: false, rows: [], page: 1, perPage: SEARCH_PER_PAGE, options: await filterOptions(ctx), firstKey: null, lastKey: null, hasBefore: false, hasAfter: false }
    : await searchRegister(ctx, { filters: parsed.filters, sort: parsed.sort, page: parsed.page, perPage: SEARCH_PER_PAGE, countCap: SEARCH_MAX_RESULTS, position: parsed.position });
  // Small typos still find it: when nothing matches, the most similar name is offered.
  const didYouMean = result.total === 0 && parsed.filters.q ? await similarLocationName(ctx.db, parsed.filters.q) : undefined;
  return { parsed, result, didYouMean, nearProblem };
}

async function buildSearch(request: FastifyRequest<{ Querystring: SearchQuery }>): Promise<PageRender> {
  const ctx = request.serviceContext();
  const { parsed, result, didYouMean, nearProblem } = await loadSearch(ctx, request.query);
  const view = buildSearchPage(parsed, result, today(ctx), { didYouMean, nearProblem });
  return { shell: { template: 'register/views/search.njk', pageTitle: view.pageTitle, content: searchContentHtml(view) } };
}

export async function locationPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  return servePublicPage(request, reply, async () => {
    const ctx = request.serviceContext();
    const data = await loadLocationPage(ctx, request.params.id);
    const view = buildLocationPage(data.detail, today(ctx));
    // The PDF is linked once it has been rendered.
    if (view.latestReport && !data.reportsWithPdf.has(view.latestReport.linkId)) view.latestReport.pdfHref = null;
    // Feedback outcomes and GP Patient Survey benchmarks (issue 8): src/web/feedback/location-after-report.ts
    const afterReportsHtml = await request.server.view('feedback/views/_location-after-report.njk', { afterReport: locationAfterReport(data) });
    const content = locationContentHtml(view, { enforcement: enforcementSummary(data.enforcement), ratingReview: locationRatingReviewSection(data.ratingReview), afterReportsHtml });
    return { shell: { template: 'register/views/location.njk', pageTitle: view.pageTitle, content } };
  });
}

export async function providerPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  return servePublicPage(request, reply, async () => {
    const ctx = request.serviceContext();
    const detail = await getProviderProfile(ctx, request.params.id);
    const view = buildProviderPage(detail, today(ctx));
    const locations = await ctx.db.selectFrom('organisations').select('id').where('parent_id', '=', detail.organisation.id).execute();
    const enforcement = enforcementSummary(await publicEnforcementFor(ctx.db, [detail.organisation.id, ...locations.map((l) => l.id)]), { showLocation: true });
    return { template: 'register/views/provider.njk', data: { view, pageTitle: view.pageTitle, enforcement } };
  });
}
