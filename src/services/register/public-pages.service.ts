/**
 * The public pages' generation: a counter that moves, in the same transaction, with every
 * change to something a public page shows (see migrations/20261201T1300-public-page-generation.ts).
 */
import type { ServiceContext } from '../context.js';

export async function publicPagesGeneration(ctx: Pick<ServiceContext, 'db'>): Promise<string> {
  const row = await ctx.db.selectFrom('public_page_generation').select('generation').where('id', '=', 1).executeTakeFirst();
  return row?.generation ?? '0';
}
