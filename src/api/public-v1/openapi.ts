/** The OpenAPI 3.1 document for /public/v1 (served at /public/v1/openapi.json). */
import { enforcementExtensionPaths } from './enforcement-extension.js';
const pageParams = [
  { name: 'page', in: 'query', description: 'Page number, from 1', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'perPage', in: 'query', description: 'Items per page (1 to 1000)', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } },
];
const key = { name: 'Ocp-Apim-Subscription-Key', in: 'header', required: false, description: 'Optional client key: rate limits count per key (per IP address without one)', schema: { type: 'string' } };
const envelope = {
  total: { type: 'integer' },
  page: { type: 'integer' },
  perPage: { type: 'integer' },
  totalPages: { type: 'integer' },
  firstPageUri: { type: 'string' },
  previousPageUri: { type: ['string', 'null'] },
  nextPageUri: { type: ['string', 'null'] },
  lastPageUri: { type: 'string' },
  uri: { type: 'string' },
};
const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = { '400': error, '404': error, '429': { ...error, headers: { 'Retry-After': { schema: { type: 'integer' } } } } };
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description: 'An opaque id (e.g. 1-545611283, RJX, RT203)' });

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Inspectorate public register API',
    version: '1',
    description:
      "Compatible with CQC's syndication API (https://api.service.cqc.org.uk/public/v1): the same paths, paging envelope and field names. Contains public sector information licensed under the Open Government Licence v3.0.",
  },
  servers: [{ url: '/public/v1' }],
  paths: {
    ...enforcementExtensionPaths,
    '/locations': {
      get: {
        summary: 'List locations',
        parameters: [
          ...pageParams,
          key,
          ...['localAuthority', 'region', 'inspectionDirectorate', 'primaryInspectionCategoryName', 'overallRating'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          { name: 'careHome', in: 'query', schema: { type: 'string', enum: ['Y', 'N'] } },
          {
            name: 'afterLocationId',
            in: 'query',
            schema: { type: 'string' },
            description:
              'Inspectorate extension (not in CQC’s API): keyset paging. Returns the perPage locations whose IDs come after this one, in location ID order, however deep; nextPageUri then carries the last ID of the page. Do not combine with page.',
          },
        ],
        responses: { '200': { description: 'A page of locations', content: { 'application/json': { schema: { type: 'object', properties: { ...envelope, locations: { type: 'array', items: { $ref: '#/components/schemas/LocationSummary' } } } } } } }, ...errors },
      },
    },
    '/locations/{locationId}': { get: { summary: 'One location, with current and historic ratings', parameters: [idParam('locationId'), key], responses: { '200': { description: 'The location', content: { 'application/json': { schema: { $ref: '#/components/schemas/Location' } } } }, ...errors } } },
    '/providers': {
      get: {
        summary: 'List providers',
        parameters: [...pageParams, key, ...['localAuthority', 'region', 'inspectionDirectorate'].map((name) => ({ name, in: 'query', schema: { type: 'string' } }))],
        responses: { '200': { description: 'A page of providers', content: { 'application/json': { schema: { type: 'object', properties: { ...envelope, providers: { type: 'array', items: { $ref: '#/components/schemas/ProviderSummary' } } } } } } }, ...errors },
      },
    },
    '/providers/{providerId}': { get: { summary: 'One provider', parameters: [idParam('providerId'), key], responses: { '200': { description: 'The provider', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors } } },
    '/providers/{providerId}/locations': { get: { summary: "A provider's locations", parameters: [idParam('providerId'), ...pageParams, key], responses: { '200': { description: 'A page of locations', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors } } },
    '/changes/{kind}': {
      get: {
        summary: 'Ids of locations or providers changed in a time window (set the next start to this end)',
        parameters: [
          { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['location', 'provider'] } },
          { name: 'startTimestamp', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
          { name: 'endTimestamp', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Default: now' },
          ...pageParams,
          key,
        ],
        responses: { '200': { description: 'Changed ids', content: { 'application/json': { schema: { type: 'object', properties: { ...envelope, changes: { type: 'array', items: { type: 'string' } } } } } } }, ...errors },
      },
    },
  },
  components: {
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } },
      LocationSummary: { type: 'object', properties: { locationId: { type: 'string' }, locationName: { type: 'string' }, postalCode: { type: ['string', 'null'] } } },
      ProviderSummary: { type: 'object', properties: { providerId: { type: 'string' }, providerName: { type: 'string' } } },
      Location: {
        type: 'object',
        description: "CQC's location fields (domain.md 6.1): locationId, providerId, name, type, registrationStatus, postal address, region, localAuthority, currentRatings.overall.keyQuestionRatings, currentRatings.serviceRatings, historicRatings, reports …",
        properties: { locationId: { type: 'string' }, providerId: { type: 'string' }, name: { type: 'string' }, currentRatings: { type: 'object' }, historicRatings: { type: 'array' }, reports: { type: 'array' } },
      },
    },
  },
} as const;
