import type { FastifyReply, FastifyRequest } from 'fastify';
import { getLocationProfile, getProviderProfile, searchRegister, today } from '../../services/register/register.service.js';
import { buildLocationPage, buildProviderPage } from './location.view-model.js';
import { buildSearchPage, parseSearchQuery, SEARCH_PER_PAGE, type SearchQuery } from './search.view-model.js';

export async function searchPage(request: FastifyRequest<{ Querystring: SearchQuery }>, reply: FastifyReply) {
  const ctx = request.serviceContext();
  const parsed = parseSearchQuery(request.query);
  const result = await searchRegister(ctx, { filters: parsed.filters, sort: parsed.sort, page: parsed.page, perPage: SEARCH_PER_PAGE });
  const view = buildSearchPage(parsed, result, today(ctx));
  return reply.view('register/views/search.njk', { view, pageTitle: view.pageTitle });
}

export async function locationPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  const ctx = request.serviceContext();
  const view = buildLocationPage(await getLocationProfile(ctx, request.params.id), today(ctx));
  return reply.view('register/views/location.njk', { view, pageTitle: view.pageTitle });
}

export async function providerPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  const ctx = request.serviceContext();
  const view = buildProviderPage(await getProviderProfile(ctx, request.params.id), today(ctx));
  return reply.view('register/views/provider.njk', { view, pageTitle: view.pageTitle });
}
