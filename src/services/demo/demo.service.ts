import type { ServiceContext } from '../context.js';

export interface DemoLoadSummary {
  /** Lines a person reads: what was created or found already present. */
  lines: string[];
}

/** Loads the demo world. Idempotent: running it again changes nothing that is already there. */
export async function loadDemoWorld(_ctx: ServiceContext): Promise<DemoLoadSummary> {
  return { lines: [] };
}

/** True when the demo world has never been loaded into this database. */
export async function demoWorldMissing(ctx: ServiceContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('organisations').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}
