/** JSON schemas for the fieldwork, judgement and enforcement routes (docs/fieldwork.md). */
import { CONCERN_STATUSES, MAX_CONCERN_RESPONSE_HOURS } from '../../domain/fieldwork/concern-deadline.js';
import { ENFORCEMENT_ACTION_KINDS, ENFORCEMENT_EVENTS, WARNING_NOTICE_DECISIONS } from '../../domain/fieldwork/enforcement-workflow.js';
import { EVIDENCE_ITEM_STATUSES, EVIDENCE_ITEM_TYPES, MAX_EVIDENCE_TEXT } from '../../domain/fieldwork/evidence-item.js';
import { SCORING_METHODS } from '../../domain/fieldwork/judgement-proposal.js';
import { EVIDENCE_CATEGORIES } from '../../domain/framework/evidence-categories.data.js';
import { OVERALL_METHODS } from '../../domain/rating/asc-principles.method.js';
import { BRIEFING_KINDS } from '../../services/fieldwork/briefings.service.js';
import { isoDate, uuid } from './schemas.js';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const nullable = <T extends object>(s: T) => ({ anyOf: [s, { type: 'null' }] }) as const;

export { CONCERN_STATUSES };

const evidenceFields = {
  type: nullable({ type: 'string', enum: EVIDENCE_ITEM_TYPES }),
  qualityStatements: { type: 'array', items: text(10), maxItems: 40 },
  evidenceCategory: nullable({ type: 'string', enum: EVIDENCE_CATEGORIES }),
  visitId: nullable(uuid),
  caseId: nullable(uuid),
  refersToDate: nullable(isoDate),
  body: text(MAX_EVIDENCE_TEXT),
  status: { type: 'string', enum: EVIDENCE_ITEM_STATUSES, description: 'draft while being typed; recorded when complete' },
} as const;

export const createEvidenceItemBody = { type: 'object', additionalProperties: false, properties: evidenceFields } as const;
export const saveEvidenceItemBody = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: { ...evidenceFields, version: { type: 'integer', minimum: 1, description: 'The version you last read: a stale one gets 409 edit_conflict, with both texts kept' } },
} as const;
export const evidenceListQuery = { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: EVIDENCE_ITEM_STATUSES }, statement: text(10) } } as const;
export const filenameQuery = { type: 'object', required: ['filename'], additionalProperties: false, properties: { filename: { type: 'string', minLength: 1, maxLength: 300 } } } as const;

export const briefingBody = {
  type: 'object',
  required: ['kind', 'heldAt', 'attendees', 'points'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: BRIEFING_KINDS },
    heldAt: { type: 'string', format: 'date-time' },
    attendees: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', required: ['name', 'role'], additionalProperties: false, properties: { name: text(200), role: text(200), organisation: nullable(text(200)) } } },
    points: text(20000),
    recommendationAreas: { type: 'array', items: text(500), maxItems: 50 },
    formToken: nullable({ type: 'string', maxLength: 100 }),
  },
} as const;

/** A reason for withdrawing or deleting (issue 15: fixing mistakes). */
export const reasonBody = { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: text(5000) } } as const;
export const concernClosureBody = { type: 'object', required: ['outcome'], additionalProperties: false, properties: { outcome: { type: 'string', enum: ['response_accepted', 'closed_with_reason'] }, reason: nullable(text(5000)) } } as const;

export const concernBody = {
  type: 'object',
  required: ['what', 'where', 'risk', 'whoMustAct', 'organisationId'],
  additionalProperties: false,
  properties: {
    what: text(5000),
    where: text(500),
    risk: text(5000),
    whoMustAct: text(500),
    organisationId: uuid,
    responseHours: { type: 'integer', minimum: 1, maximum: MAX_CONCERN_RESPONSE_HOURS, description: 'Defaults to CONCERN_RESPONSE_HOURS (24)' },
  },
} as const;
export const concernResponseBody = { type: 'object', required: ['actionTaken'], additionalProperties: false, properties: { actionTaken: text(10000) } } as const;

export const judgementMethodsBody = { type: 'object', additionalProperties: false, properties: { scoringMethod: { type: 'string', enum: SCORING_METHODS }, overallMethod: { type: 'string', enum: OVERALL_METHODS } } } as const;
export const scoreParams = { type: 'object', required: ['id', 'code'], additionalProperties: false, properties: { id: uuid, code: { type: 'string', pattern: '^[A-Za-z]{1,2}[0-9]{1,2}$' } } } as const;
export const scoreBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    score: { type: 'integer', minimum: 1, maximum: 4, description: 'saf-2024' },
    categoryScores: { type: 'object', description: 'saf-2023: a score 1-4 per evidence category', additionalProperties: { type: 'integer', minimum: 1, maximum: 4 } },
    rationale: text(10000),
    evidenceItemIds: { type: 'array', items: uuid, maxItems: 500 },
    version: nullable({ type: 'integer', minimum: 1 }),
  },
} as const;
export const approvalBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    departures: { type: 'array', maxItems: 6, items: { type: 'object', required: ['subject', 'rating', 'reason'], additionalProperties: false, properties: { subject: text(20), rating: text(40), reason: text(5000) } } },
    version: nullable({ type: 'integer', minimum: 1 }),
  },
} as const;

export const breachBody = {
  type: 'object',
  required: ['regulation', 'description'],
  additionalProperties: false,
  properties: {
    regulation: text(10),
    paragraph: nullable(text(200)),
    keyQuestion: nullable(text(20)),
    qualityStatements: { type: 'array', items: text(10), maxItems: 40 },
    description: text(20000),
    evidenceItemIds: { type: 'array', items: uuid, maxItems: 500 },
  },
} as const;
export const actionBody = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: { kind: { type: 'string', enum: ENFORCEMENT_ACTION_KINDS }, breachId: nullable(uuid), organisationId: nullable(uuid), complianceDate: nullable(isoDate) },
} as const;
export const concernActionBody = { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { type: 'string', enum: ENFORCEMENT_ACTION_KINDS }, complianceDate: nullable(isoDate) } } as const;
export const actionTransitionBody = {
  type: 'object',
  required: ['event'],
  additionalProperties: false,
  properties: {
    event: { type: 'string', enum: ENFORCEMENT_EVENTS },
    complianceDate: nullable(isoDate),
    decision: nullable({ type: 'string', enum: WARNING_NOTICE_DECISIONS }),
    decisionReason: nullable(text(10000)),
    version: nullable({ type: 'integer', minimum: 1 }),
  },
} as const;
export const representationsBody = { type: 'object', required: ['body'], additionalProperties: false, properties: { body: text(50000) } } as const;
