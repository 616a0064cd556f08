import type { FastifyReply, FastifyRequest } from 'fastify';
import { filterOptions, getLocationProfile, getProviderProfile, searchRegister, today } from '../../services/register/register.service.js';
import { positionOfPostcode, registerIdTarget, similarLocationName } from '../../data/repositories/register.repository.js';
import { servePublicPage, type PageRender } from './public-page-cache.js';
import { locationAfterReport } from '../feedback/location-after-report.js';
import { locationRatingReviewSection } from '../rating-review/location-review.view-model.js';
import { buildLocationPage, buildProviderPage } from './location.view-model.js';
import { publicEnforcementFor } from '../../services/register/public-enforcement.service.js';
import { enforcementSummary } from './enforcement-summary.view-model.js';
import { buildSearchPage, parseSearchQuery, SEARCH_PER_PAGE, SEARCH_MAX_RESULTS, type SearchQuery } from './search.view-model.js';

export async function searchPage(request: FastifyRequest<{ Querystring: SearchQuery }>, reply: FastifyReply) {
  // A location ID, provider ID or ODS code goes straight to that service.
  const q = request.query.q?.trim();
  if (q && !request.query.near) {
    const target = await registerIdTarget(request.serviceContext().db, q);
    if (target) return reply.redirect(`/${target.kind === 'location' ? 'locations' : 'providers'}/${encodeURIComponent(target.id)}`, 303);
  }
  return servePublicPage(request, reply, () => buildSearch(request));
}

async function buildSearch(request: FastifyRequest<{ Querystring: SearchQuery }>): Promise<PageRender> {
  const ctx = request.serviceContext();
  const parsed = parseSearchQuery(request.query);
  let nearProblem: string | undefined;
  if (parsed.near) {
    const at = await positionOfPostcode(ctx.db, parsed.near.place);
    if (at) parsed.filters.near = { latitude: at.latitude, longitude: at.longitude, miles: parsed.near.miles };
    else nearProblem = `We could not find “${parsed.near.place}”. Enter a postcode such as LU2 9AU, or the first part of one such as LU2.`;
  }
  const result = nearProblem
    ? { total: 0, totalCapped: false, rows: [], page: 1, perPage: SEARCH_PER_PAGE, options: await filterOptions(ctx), firstKey: null, lastKey: null, hasBefore: false, hasAfter: false }
    : await searchRegister(ctx, { filters: parsed.filters, sort: parsed.sort, page: parsed.page, perPage: SEARCH_PER_PAGE, countCap: SEARCH_MAX_RESULTS, position: parsed.position });
  // Small typos still find it: when nothing matches, the most similar name is offered.
  const didYouMean = result.total === 0 && parsed.filters.q ? await similarLocationName(ctx.db, parsed.filters.q) : undefined;
  const view = buildSearchPage(parsed, result, today(ctx), { didYouMean, nearProblem });
  return { template: 'register/views/search.njk', data: { view, pageTitle: view.pageTitle } };
}

export async function locationPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  return servePublicPage(request, reply, async () => {
    const ctx = request.serviceContext();
    const detail = await getLocationProfile(ctx, request.params.id);
    const view = buildLocationPage(detail, today(ctx));
    // Feedback outcomes and GP Patient Survey benchmarks (issue 8): src/web/feedback/location-after-report.ts
    const enforcement = enforcementSummary(await publicEnforcementFor(ctx.db, [detail.location.organisation_id]));
    if (view.latestReport) {
      // The PDF is linked once it has been rendered.
      const pdf = await ctx.db.selectFrom('inspection_reports').select('pdf_storage_key').where('link_id', '=', view.latestReport.linkId).where('stage', '=', 'published').executeTakeFirst();
      if (!pdf?.pdf_storage_key) view.latestReport.pdfHref = null;
    }
    return { template: 'register/views/location.njk', data: { view, pageTitle: view.pageTitle, afterReport: await locationAfterReport(ctx, detail.location), enforcement, ratingReview: await locationRatingReviewSection(ctx, detail.location.organisation_id) } };
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
