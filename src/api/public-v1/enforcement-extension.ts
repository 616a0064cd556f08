/**
 * An Inspectorate extension to the CQC-compatible public API (issue 16): published enforcement
 * for a location or a provider. CQC's own responses are unchanged; these paths are additional
 * and documented as an extension in the OpenAPI document (x-inspectorate-extension).
 */
import type { FastifyInstance } from 'fastify';
import { getLocationProfile, getProviderProfile } from '../../services/register/register.service.js';
import { publicEnforcementFor, type PublicEnforcementEntry } from '../../services/register/public-enforcement.service.js';

const errorRef = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

export const enforcementEntrySchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', description: 'warning-notice, requirement-notice, condition, suspension, cancellation, urgent-action, special-measures, prosecution' },
    kindName: { type: 'string' },
    regulation: { type: ['string', 'null'] },
    regulationNumber: { type: ['string', 'null'] },
    locationName: { type: 'string' },
    takenOn: { type: ['string', 'null'], format: 'date' },
    complyBy: { type: ['string', 'null'], format: 'date' },
    status: { type: 'string', enum: ['in_force', 'met', 'partly_met', 'not_met', 'ended'] },
    outcome: {
      type: ['object', 'null'],
      properties: { decision: { type: 'string', enum: ['complied', 'partly_complied', 'not_complied'] }, decisionText: { type: 'string' }, text: { type: 'string' }, decidedOn: { type: ['string', 'null'], format: 'date' } },
    },
    reportLinkId: { type: 'string' },
    reportUri: { type: 'string' },
  },
} as const;

const responseSchema = (idName: string) => ({
  type: 'object',
  properties: { [idName]: { type: 'string' }, extension: { type: 'string' }, enforcement: { type: 'array', items: enforcementEntrySchema } },
});

/** Paths for the OpenAPI document. */
export const enforcementExtensionPaths = {
  '/locations/{locationId}/enforcement': {
    get: {
      summary: 'Extension: published enforcement for a location (not part of CQC’s API)',
      'x-inspectorate-extension': true,
      parameters: [idParam('locationId')],
      responses: { '200': { description: 'Enforcement actions published in reports, newest first', content: { 'application/json': { schema: responseSchema('locationId') } } }, '404': errorRef, '429': errorRef },
    },
  },
  '/providers/{providerId}/enforcement': {
    get: {
      summary: 'Extension: published enforcement for a provider and its locations (not part of CQC’s API)',
      'x-inspectorate-extension': true,
      parameters: [idParam('providerId')],
      responses: { '200': { description: 'Enforcement actions published in reports, newest first', content: { 'application/json': { schema: responseSchema('providerId') } } }, '404': errorRef, '429': errorRef },
    },
  },
};

function entry(e: PublicEnforcementEntry) {
  return { kind: e.kind, kindName: e.kindName, regulation: e.regulation, regulationNumber: e.regulationNumber, locationName: e.locationName, takenOn: e.takenOn, complyBy: e.complyBy, status: e.status, outcome: e.outcome, reportLinkId: e.reportLinkId, reportUri: e.reportUrl };
}

const params = (name: string) => ({ type: 'object', properties: { [name]: { type: 'string', minLength: 1, maxLength: 64 } }, required: [name] }) as const;

export async function enforcementExtensionRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { locationId: string } }>('/public/v1/locations/:locationId/enforcement', { schema: { params: params('locationId') } }, async (request) => {
    const ctx = request.serviceContext();
    const detail = await getLocationProfile(ctx, request.params.locationId);
    return { locationId: detail.location.location_id, extension: 'inspectorate-enforcement/1', enforcement: (await publicEnforcementFor(ctx.db, [detail.location.organisation_id])).map(entry) };
  });
  app.get<{ Params: { providerId: string } }>('/public/v1/providers/:providerId/enforcement', { schema: { params: params('providerId') } }, async (request) => {
    const ctx = request.serviceContext();
    const detail = await getProviderProfile(ctx, request.params.providerId);
    const locations = await ctx.db.selectFrom('organisations').select('id').where('parent_id', '=', detail.organisation.id).execute();
    return { providerId: detail.provider.provider_id, extension: 'inspectorate-enforcement/1', enforcement: (await publicEnforcementFor(ctx.db, [detail.organisation.id, ...locations.map((l) => l.id)])).map(entry) };
  });
}
