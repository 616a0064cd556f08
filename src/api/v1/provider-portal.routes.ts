/** /api/v1 for issue 19 (the provider's side between inspections), registered from api.routes.ts with one line. */
import type { FastifyInstance } from 'fastify';
import { statutoryNotificationsApiRoutes } from './statutory-notifications.routes.js';

export async function providerPortalApiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(statutoryNotificationsApiRoutes);
}
