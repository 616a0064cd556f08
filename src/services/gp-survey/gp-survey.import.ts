/**
 * `npx inspectorate import gp-patient-survey FILE.csv`: the practice-level results file, read
 * through a column mapping in config/gp-patient-survey/ (the newest year's, or the one
 * given with --mapping). Streams the file; practice rows are written in batches, all in one
 * transaction. Benchmarks a partial file cannot corrupt: ICB and England figures come from the
 * file's published aggregate rows; they are computed from practice rows only for a file the
 * mapping declares national and whose practice count confirms it, and a computed figure never
 * replaces a published one. A partial file updates only the practices it names. A repeated row is
 * rejected. ICB names come from the reference list, never from a row. Re-importing updates, never duplicates.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../../data/database.js';
import { weightedFigure, type SurveyFigure } from '../../domain/gp-survey/survey-comparison.js';
import { parseSurveyMapping, readSurveyRow, type SurveyMapping, type SurveyRow } from '../../domain/gp-survey/survey-mapping.js';
import { countOf } from '../../domain/shared/plain-words.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { headerKey, openCsv } from '../import/csv-records.js';
import { icbByCode } from '../reference/icb-reference.js';
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

/**
 * Writes results. Practice rows and published aggregates replace what is stored, except that a
 * suppressed aggregate never replaces a published figure; a computed figure is written only where
 * no published one is stored. An ICB's name comes from the reference list, else stays as stored.
 */
async function upsert(db: Executor, mapping: SurveyMapping, rows: ResultRow[], now: Date): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
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
      oc
        .columns(['survey_year', 'area_type', 'area_code', 'measure'])
        .doUpdateSet((eb) => ({
          area_name: sql`coalesce(excluded.area_name, gp_survey_results.area_name)`,
          icb_code: eb.ref('excluded.icb_code'),
          percentage: eb.ref('excluded.percentage'),
          responses: eb.ref('excluded.responses'),
          suppressed: eb.ref('excluded.suppressed'),
          source: eb.ref('excluded.source'),
          mapping_version: eb.ref('excluded.mapping_version'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where(sql<boolean>`(excluded.area_type = 'practice'
          or (excluded.source = 'file' and not (excluded.suppressed and gp_survey_results.source = 'file' and not gp_survey_results.suppressed))
          or (excluded.source = 'computed' and gp_survey_results.source = 'computed'))
          and (gp_survey_results.percentage, gp_survey_results.responses, gp_survey_results.suppressed, gp_survey_results.source, gp_survey_results.icb_code)
            is distinct from (excluded.percentage, excluded.responses, excluded.suppressed, excluded.source, excluded.icb_code)`),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted, unchanged: rows.length - result.length };
}

export interface SurveyImportOptions {
  progress?: Progress;
  rejectsDir?: string;
  mappingFile?: string;
}

export interface SurveyImportSummary extends ImportSummary {
  practices: number;
  computedAreas: number;
  suppressed: number;
  /** Why ICB and England figures were or were not computed from practice rows. */
  benchmarks: string;
}

export async function importGpPatientSurvey(ctx: ServiceContext, file: string, opts: SurveyImportOptions = {}): Promise<SurveyImportSummary> {
  const started = ctx.clock.now();
  const csv = await openCsv(file);
  const mapping = chooseSurveyMapping(ctx.config.projectRoot, csv.headers, file, opts.mappingFile);
  const rejects = new RejectsReport(opts.rejectsDir ?? path.join(ctx.config.projectRoot, 'reports', 'import-rejects'), 'gp-patient-survey', started);
  const counts = emptyCounts();
  let practices = 0;
  let suppressed = 0;
  let computedAreas = 0;
  let benchmarks = '';
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    // Sums for computed ICB and England figures (small: measures × ICBs).
    const practiceFigures = new Map<string, SurveyFigure[]>();
    const fileAreas = new Set<string>();
    const firstLine = new Map<string, number>();
    let batch: ResultRow[] = [];
    const flush = async () => {
      const r = await upsert(trx, mapping, batch, now);
      counts.inserted += r.inserted;
      counts.updated += r.updated;
      counts.unchanged += r.unchanged;
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
      const key = `${r.level}|${r.code}`;
      const earlier = firstLine.get(key);
      if (earlier !== undefined) {
        counts.rejected++;
        rejects.add(`line ${row.line}`, r.code, `${r.level === 'practice' ? 'practice' : r.level === 'icb' ? 'ICB' : 'England'} ${r.code} already has a row at line ${earlier}: this repeated row is not used`);
        continue;
      }
      firstLine.set(key, row.line);
      if (r.level === 'practice') practices++;
      else fileAreas.add(key);
      // An ICB's name comes from the reference list, never from a data row.
      const name = r.level === 'icb' ? (icbByCode(ctx.config.projectRoot, r.code)?.name ?? null) : r.level === 'england' ? 'England' : r.name;
      for (const c of r.cells) {
        if (c.suppressed) suppressed++;
        const figure = { percentage: c.percentage, responses: c.responses, suppressed: c.suppressed };
        batch.push({ level: r.level, code: r.code, name, icbCode: r.icbCode, measure: c.measure, figure, source: 'file' });
        if (r.level === 'practice') {
          for (const k of [`icb|${r.icbCode}|${c.measure}`, `england|ENG|${c.measure}`]) {
            const list = practiceFigures.get(k) ?? [];
            list.push(figure);
            practiceFigures.set(k, list);
          }
        }
      }
      if (batch.length >= 2000) await flush();
      opts.progress?.tick(counts);
    }
    await flush();
    const national = mapping.coverage === 'national' && practices >= mapping.nationalMinimumPractices;
    if (!national) {
      benchmarks =
        mapping.coverage === 'national'
          ? `ICB and England figures not computed: the mapping declares a national file, but it has ${practices} practice rows (at least ${mapping.nationalMinimumPractices} expected)`
          : 'ICB and England figures not computed: a partial file updates only the practices (and published aggregate rows) it has';
    } else {
      // Areas the file has no aggregate row for are computed from its practices, weighted by
      // responses, and never replace a published figure already stored.
      const computed: ResultRow[] = [];
      const seen = new Set<string>();
      for (const [k, figures] of practiceFigures) {
        const [level, code, measure] = k.split('|') as [Level, string, string];
        if (fileAreas.has(`${level}|${code}`)) continue;
        if (!seen.has(`${level}|${code}`)) {
          seen.add(`${level}|${code}`);
          computedAreas++;
        }
        const name = level === 'england' ? 'England' : (icbByCode(ctx.config.projectRoot, code)?.name ?? null);
        computed.push({ level, code, name, icbCode: level === 'icb' ? code : null, measure, figure: weightedFigure(figures), source: 'computed' });
      }
      for (let i = 0; i < computed.length; i += 2000) {
        const r = await upsert(trx, mapping, computed.slice(i, i + 2000), now);
        counts.inserted += r.inserted;
        counts.updated += r.updated;
        counts.unchanged += r.unchanged;
      }
      benchmarks = `a national file (${practices} practices): ${countOf(computedAreas, 'area')} without a published row computed from practice rows; published figures kept`;
    }
    const imp = await trx
      .insertInto('gp_survey_imports')
      .values({ survey_year: mapping.surveyYear, mapping_version: mapping.version, filename: path.basename(file), rows_read: counts.read, practices, rejected: counts.rejected, imported_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'GP_SURVEY_IMPORTED', subjectType: 'gp_survey_import', subjectId: String(imp.id), after: { file: path.basename(file), mapping: mapping.version, ...counts, practices, computedAreas, suppressed } });
  });
  opts.progress?.done();
  const rejectsFile = await rejects.close();
  return {
    kind: 'gp-patient-survey',
    file,
    rejectsFile,
    ...counts,
    practices,
    computedAreas,
    suppressed,
    benchmarks,
    seconds: (ctx.clock.now().getTime() - started.getTime()) / 1000,
  };
}
