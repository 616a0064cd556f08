import { accessSync, constants } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../data/connect.js';
import { createLogger } from '../../logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../services/context.js';
import { formatSummary, terminalProgress, WrongKindError, type ImportSummary } from '../../services/import/import-run.js';
import { CliError } from '../cli-error.js';

type Importer = (ctx: ServiceContext, file: string, opts: { progress: ReturnType<typeof terminalProgress> }) => Promise<ImportSummary>;

// Importers load when their command runs, so the other commands start without them.
const IMPORTERS: { name: string; description: string; run: Importer }[] = [
  {
    name: 'cqc-directory',
    description: 'CQC\'s "care directory with ratings" CSV (one row per location × service or population group × key question)',
    run: async (...a) => (await import('../../services/import/cqc-directory.import.js')).importCqcDirectory(...a),
  },
  {
    name: 'cqc-locations',
    description: 'location records in the shape of CQC\'s syndication API (JSON array, NDJSON, or a folder of .json files)',
    run: async (...a) => (await import('../../services/import/cqc-api.import.js')).importCqcLocations(...a),
  },
  {
    name: 'cqc-providers',
    description: 'provider records in the shape of CQC\'s syndication API (JSON array, NDJSON, or a folder of .json files)',
    run: async (...a) => (await import('../../services/import/cqc-api.import.js')).importCqcProviders(...a),
  },
  {
    name: 'gp-patient-survey',
    description: 'GP Patient Survey practice-level results (CSV, one row per practice by ODS code), read through the newest matching mapping in config/gp-patient-survey/ (docs/gp-patient-survey.md)',
    run: async (...a) => (await import('../../services/gp-survey/gp-survey.import.js')).importGpPatientSurvey(...a),
  },
];

export function registerImportCommands(program: Command): void {
  const group = program
    .command('import')
    .description('Import the public register from CQC\'s open data. Re-importing updates what changed and keeps old ratings as history.');
  for (const importer of IMPORTERS) {
    group
      .command(`${importer.name} <file>`)
      .description(`Import ${importer.description}. Rejected rows are counted and written to reports/import-rejects/.`)
      .action(async (file: string) => {
        try {
          accessSync(file, constants.R_OK);
        } catch (e) {
          const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
          throw new CliError(missing ? `Cannot import ${file}: there is no such file or folder. Nothing was stored.` : `Cannot import ${file}: it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}). Nothing was stored.`, 1);
        }
        const config = loadConfig();
        const logger = createLogger(config.logLevel, 'stderr');
        const database = await openDatabase(config);
        try {
          await database.migrate();
          const ctx: ServiceContext = { db: database.db, actor: systemActor(`import-${importer.name}`), correlationId: newCorrelationId(), clock: systemClock, config, logger };
          const summary = await importer.run(ctx, file, { progress: terminalProgress(importer.name) });
          for (const line of formatSummary(summary)) process.stdout.write(`${line}\n`);
        } catch (e) {
          if (e instanceof WrongKindError) throw new CliError(`${e.message} Nothing was stored.`, 1);
          throw e;
        } finally {
          await database.shutdown();
        }
      });
  }
}
