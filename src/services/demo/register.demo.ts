/**
 * The demo world's public register, from real data in config.dataDir: the Oldham API
 * responses (through the cqc-providers and cqc-locations importers) and the 6,229 rated GP
 * practices. Idempotent: a second run finds everything unchanged.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServiceContext } from '../context.js';
import { importCqcLocations, importCqcProviders } from '../import/cqc-api.import.js';
import { gpPracticeFiles, importGpPractices } from '../import/gp-practices.import.js';
import type { ImportSummary } from '../import/import-run.js';

function line(label: string, s: ImportSummary): string {
  return `Register: ${label}: ${s.inserted} added, ${s.updated} updated, ${s.unchanged} unchanged${s.rejected ? `, ${s.rejected} rejected` : ''}`;
}

export async function loadRegisterDemo(ctx: ServiceContext): Promise<string[]> {
  const dir = ctx.config.dataDir;
  const oldham = path.join(dir, 'cqc-api-oldham');
  const gp = gpPracticeFiles(dir);
  if (!existsSync(oldham) || !existsSync(gp.ratings) || !existsSync(gp.epraccur)) {
    const message = `Real register data not found at ${dir}; the demo has only its own organisations`;
    ctx.logger.info(message);
    return [message];
  }
  const rejectsDir = path.join(ctx.config.projectRoot, 'reports', 'import-rejects', 'demo');
  const providers = await importCqcProviders(ctx, path.join(oldham, 'provider_details'), { rejectsDir });
  const locations = await importCqcLocations(ctx, path.join(oldham, 'location_details'), { rejectsDir });
  const practices = await importGpPractices(ctx, dir, { rejectsDir });
  return [line('Oldham providers', providers), line('Oldham locations', locations), line('rated GP practices', practices)];
}
