/** /api/v1: quality statement scores, the rules engine's proposal and the manager's approval. */
import type { FastifyInstance } from 'fastify';
import type { Departure } from '../../domain/fieldwork/judgement-approval.js';
import type { ScoringMethod } from '../../domain/fieldwork/judgement-proposal.js';
import type { OverallMethod } from '../../domain/rating/asc-principles.method.js';
import { getApprovedJudgement } from '../../services/fieldwork/fieldwork-read.service.js';
import { approveJudgement, getJudgement, scoreStatement, setJudgementMethods, type ScoreInput } from '../../services/fieldwork/judgement.service.js';
import { approvalBody, judgementMethodsBody, scoreBody, scoreParams } from './fieldwork.schemas.js';
import { apiSchema, idParams } from './schemas.js';

const tags = ['judgement'];

export async function judgementRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/inspections/:id/judgement', { schema: apiSchema({ summary: 'Scores, evidence counts and the proposed ratings with their explanation (inspection team)', tags, params: idParams }) }, async (request) =>
    getJudgement(request.serviceContext(), request.params.id),
  );
  app.patch<{ Params: { id: string }; Body: { scoringMethod?: ScoringMethod; overallMethod?: OverallMethod } }>(
    '/inspections/:id/judgement',
    { schema: apiSchema({ summary: 'Choose the scoring method (saf-2024, saf-2023) and the overall method', tags, params: idParams, body: judgementMethodsBody }) },
    async (request) => setJudgementMethods(request.serviceContext(), request.params.id, request.body),
  );
  app.put<{ Params: { id: string; code: string }; Body: ScoreInput }>(
    '/inspections/:id/scores/:code',
    { schema: apiSchema({ summary: 'Score a quality statement, with the evidence behind the score', tags, params: scoreParams, body: scoreBody }) },
    async (request) => scoreStatement(request.serviceContext(), request.params.id, request.params.code, request.body),
  );
  app.post<{ Params: { id: string }; Body: { departures?: Departure[]; version?: number | null } }>(
    '/inspections/:id/judgement/approval',
    { schema: apiSchema({ summary: 'The inspection manager approves the ratings, or departs with a reason; the inspection moves to draft_report', tags, params: idParams, body: approvalBody }) },
    async (request) => approveJudgement(request.serviceContext(), request.params.id, request.body),
  );
  app.get<{ Params: { id: string } }>('/inspections/:id/ratings', { schema: apiSchema({ summary: 'The approved ratings with explanations (both sides, once approved)', tags, params: idParams }) }, async (request) => ({
    judgement: await getApprovedJudgement(request.serviceContext(), request.params.id),
  }));
}
