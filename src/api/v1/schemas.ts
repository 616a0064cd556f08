/** JSON schema pieces shared by the /api/v1 routes (and so by the OpenAPI document). */
import type { FastifySchema } from 'fastify';
import { AGE_BANDS } from '../../domain/inspection/case-list.js';
import { INSPECTION_EVENTS, INSPECTION_STATES } from '../../domain/inspection/inspection-lifecycle.js';
import { COMMISSIONERS, CONTACT_ROLES, INSPECTION_KINDS, MEETING_KINDS, NOTICE_TYPES, SUBJECT_TYPES, TEAM_ROLES, VISIT_ACTIVITIES } from '../../domain/inspection/inspection-model.js';
import { INSPECTION_SCOPE_CODES } from '../../domain/vocabulary/key-questions.js';
import { STRATUM_FIELDS } from '../../domain/sampling/sampling.js';
import { TOKEN_SCOPES } from '../../domain/access/permissions.js';

export const uuid = { type: 'string', format: 'uuid' } as const;
export const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A date, YYYY-MM-DD' } as const;
export const time = { type: 'string', pattern: '^\\d{2}:\\d{2}$', description: 'A time, HH:MM (24-hour, UK time)' } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const nullable = <T extends object>(s: T) => ({ anyOf: [s, { type: 'null' }] }) as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: uuid }, additionalProperties: false } as const;

export const errorEnvelope = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
} as const;

const scopeService = {
  type: 'object',
  required: ['serviceName', 'commissionedBy'],
  additionalProperties: false,
  properties: {
    serviceName: text(200),
    organisationId: nullable(uuid),
    commissionedBy: { type: 'string', enum: COMMISSIONERS },
    recommendationsAllowed: { type: 'boolean', description: 'Defaults to false for local authority services, true otherwise' },
    recommendationsNote: nullable(text(1000)),
  },
} as const;

const teamMember = { type: 'object', required: ['userId', 'role'], additionalProperties: false, properties: { userId: uuid, role: { type: 'string', enum: TEAM_ROLES } } } as const;

const contact = {
  type: 'object',
  required: ['role'],
  additionalProperties: false,
  description: 'Either userId (a user of the organisation) or organisationId, name and email',
  properties: { userId: nullable(uuid), organisationId: nullable(uuid), name: nullable(text(200)), email: nullable(text(320)), role: { type: 'string', enum: CONTACT_ROLES } },
} as const;

const planFields = {
  noticeType: { type: 'string', enum: NOTICE_TYPES },
  // The inspection record's scope codes ("well_led"), as the API answers with; the key question id ("wellLed") is accepted too.
  keyQuestions: { type: 'array', items: { type: 'string', enum: [...INSPECTION_SCOPE_CODES, 'wellLed'] }, uniqueItems: true },
  partnerInspectorates: { type: 'array', items: text(100), uniqueItems: true },
  fieldworkStart: isoDate,
  fieldworkEnd: isoDate,
  plannedNotificationDate: nullable(isoDate),
  caseListRequest: nullable(text(2000)),
  caseListDueDate: nullable(isoDate),
  scopeServices: { type: 'array', items: scopeService, maxItems: 100 },
  team: { type: 'array', items: teamMember, minItems: 1, maxItems: 50 },
  contacts: { type: 'array', items: contact, maxItems: 50 },
} as const;

export const createInspectionBody = {
  type: 'object',
  required: ['kind', 'noticeType', 'subject', 'fieldworkStart', 'fieldworkEnd', 'team'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: INSPECTION_KINDS },
    subject: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: { type: { type: 'string', enum: SUBJECT_TYPES }, organisationId: nullable(uuid), areaName: nullable(text(200)), leadCommissionerId: nullable(uuid) },
    },
    ...planFields,
  },
} as const;

export const updateInspectionBody = {
  type: 'object',
  additionalProperties: false,
  properties: { ...planFields, version: { type: 'integer', minimum: 1, description: 'The version you last read; a stale one is refused with 409' } },
} as const;

export const transitionBody = {
  type: 'object',
  required: ['event'],
  additionalProperties: false,
  properties: { event: { type: 'string', enum: INSPECTION_EVENTS }, reason: nullable(text(2000)), version: { type: 'integer', minimum: 1 } },
} as const;

export const listInspectionsQuery = { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: INSPECTION_STATES } } } as const;

export const evidenceRequestsBody = {
  type: 'object',
  required: ['requests'],
  additionalProperties: false,
  properties: {
    requests: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['title'],
        additionalProperties: false,
        properties: { title: text(300), description: nullable(text(5000)), organisationId: nullable(uuid), dueDate: nullable(isoDate) },
      },
    },
  },
} as const;

export const evidenceRequestChangesBody = {
  type: 'object',
  additionalProperties: false,
  properties: { title: text(300), description: nullable(text(5000)), dueDate: isoDate },
} as const;

export const assignBody = { type: 'object', required: ['userId'], additionalProperties: false, properties: { userId: nullable(uuid) } } as const;
export const reasonBody = { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: text(5000) } } as const;

export const startUploadBody = {
  type: 'object',
  required: ['filename', 'size'],
  additionalProperties: false,
  properties: { filename: text(500), size: { type: 'integer', minimum: 0, description: 'Size of the whole file in bytes' }, contentType: text(200) },
} as const;

const caseItem = {
  type: 'object',
  required: ['caseReference', 'servicesUsed', 'ageBand', 'lookedAfter', 'childProtectionPlan', 'childInNeed', 'consentToContact'],
  additionalProperties: false,
  properties: {
    caseReference: text(100),
    servicesUsed: { type: 'array', items: text(200), maxItems: 50 },
    ageBand: { type: 'string', description: `One of ${AGE_BANDS.join(', ')}` },
    lookedAfter: { type: 'boolean' },
    childProtectionPlan: { type: 'boolean' },
    childInNeed: { type: 'boolean' },
    consentToContact: { type: 'boolean' },
  },
} as const;

export const casesBody = { type: 'object', required: ['cases'], additionalProperties: false, properties: { cases: { type: 'array', items: caseItem, minItems: 1, maxItems: 5000 } } } as const;

export const criteriaSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    services: { type: 'array', items: text(200) },
    ageBands: { type: 'array', items: { type: 'string', enum: AGE_BANDS } },
    lookedAfter: { type: 'boolean' },
    childProtectionPlan: { type: 'boolean' },
    childInNeed: { type: 'boolean' },
    consentRequired: { type: 'boolean', default: true },
  },
} as const;

export const designSchema = {
  oneOf: [
    { type: 'object', required: ['kind', 'size'], additionalProperties: false, properties: { kind: { const: 'simple' }, size: { type: 'integer', minimum: 1 } } },
    {
      type: 'object',
      required: ['kind', 'field', 'sizes'],
      additionalProperties: false,
      properties: { kind: { const: 'stratified' }, field: { type: 'string', enum: STRATUM_FIELDS }, sizes: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } },
    },
    { type: 'object', required: ['kind', 'field', 'size'], additionalProperties: false, properties: { kind: { const: 'proportional' }, field: { type: 'string', enum: STRATUM_FIELDS }, size: { type: 'integer', minimum: 1 } } },
  ],
} as const;

export const drawSampleBody = {
  type: 'object',
  required: ['criteria', 'design', 'rationale'],
  additionalProperties: false,
  properties: { criteria: criteriaSchema, design: designSchema, seed: nullable(text(200)), rationale: text(5000) },
} as const;

export const swapBody = { type: 'object', required: ['caseId', 'reason'], additionalProperties: false, properties: { caseId: uuid, reason: text(2000), replacementCaseId: nullable(uuid) } } as const;

const visitProperties = {
  serviceName: text(200),
  organisationId: nullable(uuid),
  date: isoDate,
  startTime: time,
  endTime: time,
  place: text(500),
  inspectorIds: { type: 'array', items: uuid, maxItems: 20 },
  activities: { type: 'array', items: { type: 'string', enum: VISIT_ACTIVITIES }, minItems: 1 },
  notes: nullable(text(5000)),
} as const;

export const visitsBody = {
  type: 'object',
  required: ['visits'],
  additionalProperties: false,
  properties: {
    visits: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', required: ['serviceName', 'date', 'startTime', 'endTime', 'place', 'inspectorIds', 'activities'], additionalProperties: false, properties: visitProperties } },
  },
} as const;

export const visitChangesBody = { type: 'object', additionalProperties: false, properties: visitProperties } as const;

export const meetingBody = {
  type: 'object',
  required: ['kind', 'heldAt', 'attendees'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: MEETING_KINDS },
    heldAt: { type: 'string', format: 'date-time' },
    place: nullable(text(500)),
    attendees: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: { type: 'object', required: ['name', 'role'], additionalProperties: false, properties: { name: text(200), role: text(200), organisation: nullable(text(200)), userId: nullable(uuid) } },
    },
    notes: nullable(text(10000)),
    programmeAgreed: { type: 'boolean' },
  },
} as const;

export const createTokenBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: text(100), expiresInDays: { type: 'integer', minimum: 1, maximum: 366, default: 90 }, scopes: { type: 'array', maxItems: 10, items: { type: 'string', enum: TOKEN_SCOPES } } },
} as const;

/** A route schema with the OpenAPI extras openapi.ts reads. */
export interface ApiSchema extends FastifySchema {
  summary: string;
  description?: string;
  tags?: string[];
  /** The success status when not 200. */
  successStatus?: number;
  /** No authentication needed. */
  public?: boolean;
  /** Non-JSON request bodies this route takes. */
  consumes?: string[];
  /** Response media type when not JSON. */
  produces?: string;
}

export function apiSchema(s: ApiSchema): FastifySchema {
  return s;
}
