import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../data/connect.js';
import { errorFields } from '../../logger.js';
import { reportsToRender, storeReportPdf } from '../../services/reports/report-pdf.service.js';
import { CliError } from '../cli-error.js';
import { progressBar } from '../progress-bar.js';

/** `inspectorate reports render-pdfs [--all|--missing]`: makes published reports' PDFs now, in this process. */
export function registerReportsCommands(program: Command): void {
  const reports = program.command('reports').description('Published inspection reports');
  reports
    .command('render-pdfs')
    .description('Make the PDF of published reports now: those missing or made with an older template (--missing, the default), or every one (--all)')
    .option('--all', 'every published report, even those whose PDF is current')
    .option('--missing', 'only reports with no PDF, one made with an older template, or one whose file is missing (the default)')
    .action(async (opts: { all?: boolean; missing?: boolean }) => {
      if (opts.all && opts.missing) throw new CliError('choose --all or --missing, not both', 2);
      const which = opts.all ? 'all' : 'missing';
      const config = loadConfig();
      const database = await openDatabase(config);
      const { closeReportRenderer, reportPdfRenderer } = await import('../../web/reports/report-pdf.renderer.js');
      try {
        await database.migrate();
        const list = await reportsToRender(database.db, which, config.uploadDir);
        if (list.length === 0) {
          process.stdout.write(which === 'all' ? 'There are no published reports.\n' : 'Every published report has a current PDF.\n');
          return;
        }
        const render = reportPdfRenderer(config.projectRoot);
        const bar = progressBar('Making report PDFs', list.length);
        const failed: string[] = [];
        let rendered = 0;
        bar.step(0);
        for (const [i, r] of list.entries()) {
          try {
            const outcome = await storeReportPdf({ db: database.db, config }, r.id, render, { force: which === 'all' });
            if (outcome === 'rendered') rendered++;
          } catch (e) {
            failed.push(`${r.title}: ${errorFields(e).message.split('\n')[0]}`);
          }
          bar.step(i + 1, r.title);
        }
        bar.finish();
        process.stdout.write(`Made ${rendered} PDF${rendered === 1 ? '' : 's'} of ${list.length} report${list.length === 1 ? '' : 's'}.\n`);
        if (failed.length > 0) {
          for (const f of failed) process.stdout.write(`  not made: ${f}\n`);
          throw new CliError(`${failed.length} PDF${failed.length === 1 ? ' was' : 's were'} not made (listed above); the worker retries them, or run this command again`);
        }
      } finally {
        await closeReportRenderer();
        await database.shutdown();
      }
    });
}
