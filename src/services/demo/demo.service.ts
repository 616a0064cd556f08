/**
 * The demo world: one idempotent loader made of named parts that run in order. Running it
 * again creates nothing new. Later capabilities add their own part to DEMO_PARTS.
 */
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { loadAfterReportDemo } from './after-report.demo.js';
import { loadDemoUsers } from './demo-users.demo.js';
import { loadInspectionsPlanning } from './inspections-planning.demo.js';
import { loadInspectionsFieldwork } from './inspections-fieldwork.demo.js';
import { loadInspectionsReport } from './inspections-report.demo.js';
import { loadLutonOrganisations } from './luton-organisations.demo.js';
import { loadRegisterDemo } from './register.demo.js';
import { loadProviderPortalDemo } from './provider-portal.demo.js';
import { loadEnforcementFollowThroughDemo } from './enforcement-follow-through.demo.js';
import { loadGroupFeedbackDemo } from './group-feedback.demo.js';

export interface DemoLoadSummary {
  /** Lines a person reads: what was created or found already present. */
  lines: string[];
}

export interface DemoPart {
  name: string;
  /** Loads this part (idempotently) and returns lines for the person at the terminal. */
  load(ctx: ServiceContext): Promise<string[]>;
}

/** Luton's organisations, services, commissioning links, patient participation group and demo users. */
async function loadLuton(ctx: ServiceContext): Promise<string[]> {
  return inTransaction(ctx, async (trx) => {
    const { organisations, lines } = await loadLutonOrganisations(trx, ctx);
    return [...lines, ...(await loadDemoUsers(trx, ctx, organisations))];
  });
}

/** In order. The public register comes first (real data), so demo organisations land on the same records. */
export const DEMO_PARTS: readonly DemoPart[] = [
  { name: 'public register', load: loadRegisterDemo },
  { name: 'Luton', load: loadLuton },
  { name: 'inspections: planning', load: loadInspectionsPlanning },
  { name: 'inspections: fieldwork and judgement', load: loadInspectionsFieldwork },
  { name: 'inspections: report and publication', load: loadInspectionsReport },
  { name: 'after the report', load: loadAfterReportDemo },
  { name: 'enforcement followed through', load: loadEnforcementFollowThroughDemo },
  { name: 'patient participation group', load: loadGroupFeedbackDemo },
  { name: 'provider portal', load: loadProviderPortalDemo },
];

export const DEMO_WORLD_LOADED = 'DEMO_WORLD_LOADED';

/** Loads the demo world. Idempotent: running it again changes nothing that is already there. */
export async function loadDemoWorld(ctx: ServiceContext): Promise<DemoLoadSummary> {
  const lines: string[] = [];
  for (const part of DEMO_PARTS) lines.push(...(await part.load(ctx)));
  if (await demoWorldMissing(ctx)) {
    await inTransaction(ctx, (trx) => recordAudit(trx, ctx, { action: DEMO_WORLD_LOADED, subjectType: 'demo_world', subjectId: 'demo', after: { parts: DEMO_PARTS.map((p) => p.name) } }));
  }
  return { lines };
}

/** True when the demo world has never been loaded into this database (its completion is in the audit trail). */
export async function demoWorldMissing(ctx: Pick<ServiceContext, 'db'>): Promise<boolean> {
  const row = await ctx.db.selectFrom('audit_events').select('id').where('action', '=', DEMO_WORLD_LOADED).limit(1).executeTakeFirst();
  return row === undefined;
}
