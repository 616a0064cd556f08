import type { FastifyInstance } from 'fastify';
import { createPersonalAccessToken, listPersonalAccessTokens, revokePersonalAccessToken } from '../../services/api-tokens/personal-access-tokens.service.js';
import { apiSchema, createTokenBody, idParams } from './schemas.js';

const tags = ['tokens'];

export async function tokensRoutes(app: FastifyInstance): Promise<void> {
  app.get('/tokens', { schema: apiSchema({ summary: 'Your personal access tokens (never their secrets)', tags }) }, async (request) => ({ tokens: await listPersonalAccessTokens(request.serviceContext()) }));

  app.post<{ Body: { name: string; expiresInDays?: number; scopes?: string[] } }>(
    '/tokens',
    { schema: apiSchema({ summary: 'Create a personal access token: the secret is shown in this response only', tags, body: createTokenBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await createPersonalAccessToken(request.serviceContext(), request.body, { viaToken: request.tokenScopes !== null })),
  );

  app.delete<{ Params: { id: string } }>('/tokens/:id', { schema: apiSchema({ summary: 'Revoke a token', tags, params: idParams }) }, async (request) =>
    revokePersonalAccessToken(request.serviceContext(), request.params.id),
  );
}
