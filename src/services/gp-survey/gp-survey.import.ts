/**
 * `npx inspectorate import gp-patient-survey FILE.csv`: the practice-level results file, read
 * through a column mapping in config/gp-patient-survey/ (the newest year's, or the one
 * given with --mapping). Streams the file; practice rows are written in batches;
 * ICB and England figures come from the file's aggregate rows or, when it has none, are
 * computed from the practice rows weighted by responses. Re-importing updates, never duplicates.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../../data/database.js';
import { weightedFigure, type SurveyFigure } from '../../domain/gp-survey/survey-comparison.js';
import { parseSurveyMapping, readSurveyRow, type SurveyMapping, type SurveyRow } from '../../domain/gp-survey/survey-mapping.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { headerKey, openCsv } from '../import/csv-records.js';
import { emptyCounts, RejectsReport, WrongKindError, type ImportSummary, type Progress } from '../import/import-run.js';

export function mappingDir(projectRoot: string): string {
  return path.join(projectRoot, 'config', 'gp-patient-survey');
}

/** One mapping file (a year's, e.g. "2025.json", or a path). */
export function loadSurveyMapping(projectRoot: string, file: string): SurveyMapping {
  const full = path.isAbsolute(file) ? file : path.join(mappingDir(projectRoot), file);
  const parsed = parseSurveyMapping(JSON.parse(readFileSync(full, 'utf8')));
  if (!parsed.ok) throw new WrongKindError(`The mapping ${full} is not valid: ${parsed.error.join('; ')}.`);
  return parsed.value;
}

/** Every year's mapping, newest first. */
export function loadSurveyMappings(projectRoot: string): SurveyMapping[] {
  const dir = mappingDir(projectRoot);
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .reverse()
    .map((f) => loadSurveyMapping(projectRoot, f));
}

function columnsOf(mapping: SurveyMapping): string[] {
  return [mapping.columns.code, mapping.columns.icbCode, ...(mapping.aggregateRows ? [mapping.aggregateRows.levelColumn] : []), ...mapping.measures.flatMap((m) => [m.percentColumn, m.responsesColumn])];
}

/** The newest mapping whose columns the file has (or the one asked for); otherwise says what is missing. */
export function chooseSurveyMapping(projectRoot: string, headers: readonly string[], file: string, mappingFile?: string): SurveyMapping {
  const keys = new Set(headers.map(headerKey));
  const candidates = mappingFile ? [loadSurveyMapping(projectRoot, mappingFile)] : loadSurveyMappings(projectRoot);
  if (candidates.length === 0) throw new WrongKindError(`No GP Patient Survey mapping found in ${mappingDir(projectRoot)}.`);
  for (const m of candidates) if (columnsOf(m).every((c) => keys.has(headerKey(c)))) return m;
  const newest = candidates[0] as SurveyMapping;
  const missing = columnsOf(newest).filter((c) => !keys.has(headerKey(c)));
  throw new WrongKindError(`${path.basename(file)} does not have the columns of any GP Patient Survey mapping: for ${newest.version} it is missing ${missing.join(', ')}.`);
}

type Level = SurveyRow['level'];
interface ResultRow {
  level: Level;
  code: string;
  name: string | null;
  icbCode: string | null;
  measure: string;
  figure: SurveyFigure;
  source: 'file' | 'computed';
}

async function upsert(db: Executor, mapping: SurveyMapping, rows: ResultRow[], now: Date): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const result = await db
    .insertInto('gp_survey_results')
    .values(
      rows.map((r) => ({
        survey_year: mapping.surveyYear,
        area_type: r.level,
        area_code: r.code,
        area_name: r.name,
        icb_code: r.icbCode,
        measure: r.measure,
        percentage: r.figure.percentage === null ? null : Math.round(r.figure.percentage * 1000) / 1000,
        responses: r.figure.responses,
        suppressed: r.figure.suppressed,
        source: r.source,
        mapping_version: mapping.version,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['survey_year', 'area_type', 'area_code', 'measure']).doUpdateSet((eb) => ({
        area_name: eb.ref('excluded.area_name'),
        icb_code: eb.ref('excluded.icb_code'),
        percentage: eb.ref('excluded.percentage'),
        responses: eb.ref('excluded.responses'),
        suppressed: eb.ref('excluded.suppressed'),
        source: eb.ref('excluded.source'),
        mapping_version: eb.ref('excluded.mapping_version'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}

export interface SurveyImportOptions {
  progress?: Progress;
  rejectsDir?: string;
  mappingFile?: string;
}

export async function importGpPatientSurvey(ctx: ServiceContext, file: string, opts: SurveyImportOptions = {}): Promise<ImportSummary & { practices: number; computedAreas: number; suppressed: number }> {
  const started = ctx.clock.now();
  const csv = await openCsv(file);
  const mapping = chooseSurveyMapping(ctx.config.projectRoot, csv.headers, file, opts.mappingFile);
  const rejects = new RejectsReport(opts.rejectsDir ?? path.join(ctx.config.projectRoot, 'reports', 'import-rejects'), 'gp-patient-survey', started);
  const counts = emptyCounts();
  let practices = 0;
  let suppressed = 0;
  const now = ctx.clock.now();
  // Sums for computed ICB and England figures (small: measures × ICBs).
  const practiceFigures = new Map<string, SurveyFigure[]>();
  const fileAreas = new Set<string>();
  const icbNames = new Map<string, string>();
  let batch: ResultRow[] = [];
  const flush = async () => {
    const r = await upsert(ctx.db, mapping, batch, now);
    counts.inserted += r.inserted;
    counts.updated += r.updated;
    batch = [];
  };
  for await (const row of csv.rows) {
    counts.read++;
    const get = (column: string) => row.cells.get(headerKey(column));
    const read = readSurveyRow(get, mapping);
    if (!read.ok) {
      counts.rejected++;
      rejects.add(`line ${row.line}`, get(mapping.columns.code), read.error);
      continue;
    }
    const r = read.value;
    if (r.level === 'practice') practices++;
    else fileAreas.add(`${r.level}|${r.code}`);
    if (r.level === 'practice' && r.icbCode && mapping.columns.icbName) {
      const icbName = (get(mapping.columns.icbName) ?? '').trim();
      if (icbName) icbNames.set(r.icbCode, icbName);
    }
    for (const c of r.cells) {
      if (c.suppressed) suppressed++;
      const figure = { percentage: c.percentage, responses: c.responses, suppressed: c.suppressed };
      batch.push({ level: r.level, code: r.code, name: r.name, icbCode: r.icbCode, measure: c.measure, figure, source: 'file' });
      if (r.level === 'practice') {
        for (const key of [`icb|${r.icbCode}|${c.measure}`, `england|ENG|${c.measure}`]) {
          const list = practiceFigures.get(key) ?? [];
          list.push(figure);
          practiceFigures.set(key, list);
        }
      }
    }
    if (batch.length >= 2000) await flush();
    opts.progress?.tick(counts);
  }
  await flush();
  // Areas the file has no aggregate row for: computed from its practices, weighted by responses.
  let computedAreas = 0;
  const computed: ResultRow[] = [];
  const seen = new Set<string>();
  for (const [key, figures] of practiceFigures) {
    const [level, code, measure] = key.split('|') as [Level, string, string];
    if (fileAreas.has(`${level}|${code}`)) continue;
    if (!seen.has(`${level}|${code}`)) {
      seen.add(`${level}|${code}`);
      computedAreas++;
    }
    computed.push({ level, code, name: level === 'england' ? 'England' : (icbNames.get(code) ?? null), icbCode: level === 'icb' ? code : null, measure, figure: weightedFigure(figures), source: 'computed' });
  }
  for (let i = 0; i < computed.length; i += 2000) {
    const r = await upsert(ctx.db, mapping, computed.slice(i, i + 2000), now);
    counts.inserted += r.inserted;
    counts.updated += r.updated;
  }
  opts.progress?.done();
  const rejectsFile = await rejects.close();
  await inTransaction(ctx, async (trx) => {
    const imp = await trx
      .insertInto('gp_survey_imports')
      .values({ survey_year: mapping.surveyYear, mapping_version: mapping.version, filename: path.basename(file), rows_read: counts.read, practices, rejected: counts.rejected, imported_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'GP_SURVEY_IMPORTED', subjectType: 'gp_survey_import', subjectId: String(imp.id), after: { file: path.basename(file), mapping: mapping.version, ...counts, practices, computedAreas, suppressed } });
  });
  return {
    kind: 'gp-patient-survey',
    file,
    rejectsFile,
    ...counts,
    practices,
    computedAreas,
    suppressed,
    seconds: (ctx.clock.now().getTime() - started.getTime()) / 1000,
  };
}
