/** Issue 19's pages (the provider's side between inspections), registered from after-report.routes.ts with one line. */
import type { FastifyInstance } from 'fastify';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { informationReturnRoutes } from './information-returns/information-returns.routes.js';
import { ratingReviewRoutes } from './rating-review/rating-review.routes.js';

export async function providerPortalRoutes(app: FastifyInstance): Promise<void> {
  await app.register(notificationRoutes);
  await app.register(ratingReviewRoutes);
  await app.register(informationReturnRoutes);
}
