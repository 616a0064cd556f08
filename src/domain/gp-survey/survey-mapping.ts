/**
 * How one year's GP Patient Survey practice-level file is laid out: which column holds the
 * practice code, the ICB, and for each measure its percentage and number of responses. Kept as
 * JSON in config/gp-patient-survey/<year>.json, so a new year's layout needs only a new file
 * (docs/gp-patient-survey.md). Checked here, purely.
 */
import { err, ok, type Result } from '../shared/result.js';

export interface SurveyMeasure {
  id: string;
  title: string;
  percentColumn: string;
  responsesColumn: string;
  /** True when a higher percentage is better (every headline measure so far). */
  higherIsBetter: boolean;
}

export interface SurveyMapping {
  version: string;
  surveyYear: number;
  columns: { code: string; name?: string; icbCode: string; icbName?: string };
  /** Rows for ICBs and England in the same file, told apart by a level column; omit when the file has practice rows only. */
  aggregateRows?: { levelColumn: string; practice: string; icb: string; england: string };
  /**
   * "national" when the file covers every practice in England: only then may ICB and England
   * figures be computed from practice rows (and never over a published aggregate). Default "partial".
   */
  coverage: 'national' | 'partial';
  /** For a national file: at least this many practice rows, or the file is treated as partial (England has about 6,200 practices). */
  nationalMinimumPractices: number;
  /** Cell values that mean "suppressed" (the survey writes "*"). */
  suppressedMarkers: string[];
  /** Results from fewer responses than this are suppressed (the survey's own rule: 10). */
  minimumResponses: number;
  measures: SurveyMeasure[];
}

function isString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

export function parseSurveyMapping(raw: unknown): Result<SurveyMapping, string[]> {
  const problems: string[] = [];
  const m = (raw ?? {}) as Record<string, unknown>;
  if (!isString(m['version'])) problems.push('version: a text such as "gpps-2025/1" is needed');
  if (typeof m['surveyYear'] !== 'number' || !Number.isInteger(m['surveyYear']) || (m['surveyYear'] as number) < 2007) problems.push('surveyYear: a year such as 2025 is needed');
  const cols = (m['columns'] ?? {}) as Record<string, unknown>;
  if (!isString(cols['code'])) problems.push('columns.code: the practice code column is needed');
  if (!isString(cols['icbCode'])) problems.push('columns.icbCode: the ICB code column is needed');
  const agg = m['aggregateRows'] as Record<string, unknown> | undefined;
  if (agg !== undefined && !['levelColumn', 'practice', 'icb', 'england'].every((k) => isString(agg[k]))) problems.push('aggregateRows: levelColumn, practice, icb and england are all needed');
  const coverage = m['coverage'] ?? 'partial';
  if (coverage !== 'national' && coverage !== 'partial') problems.push('coverage: "national" or "partial"');
  const nationalMinimum = m['nationalMinimumPractices'] ?? 6000;
  if (typeof nationalMinimum !== 'number' || !Number.isInteger(nationalMinimum) || nationalMinimum < 1) problems.push('nationalMinimumPractices: a whole number of at least 1');
  const minimum = m['minimumResponses'] ?? 10;
  if (typeof minimum !== 'number' || minimum < 1) problems.push('minimumResponses: a whole number of at least 1');
  const measures = Array.isArray(m['measures']) ? (m['measures'] as Record<string, unknown>[]) : [];
  if (measures.length === 0) problems.push('measures: at least one measure is needed');
  const ids = new Set<string>();
  measures.forEach((x, i) => {
    for (const k of ['id', 'title', 'percentColumn', 'responsesColumn']) if (!isString(x[k])) problems.push(`measures[${i}].${k} is needed`);
    if (typeof x['higherIsBetter'] !== 'boolean') problems.push(`measures[${i}].higherIsBetter must be true or false`);
    if (isString(x['id'])) {
      if (ids.has(x['id'])) problems.push(`measures[${i}].id ${x['id']} is used twice`);
      ids.add(x['id']);
    }
  });
  if (problems.length) return err(problems);
  return ok({
    version: m['version'] as string,
    surveyYear: m['surveyYear'] as number,
    columns: cols as SurveyMapping['columns'],
    ...(agg ? { aggregateRows: agg as unknown as NonNullable<SurveyMapping['aggregateRows']> } : {}),
    coverage: coverage as SurveyMapping['coverage'],
    nationalMinimumPractices: nationalMinimum as number,
    suppressedMarkers: Array.isArray(m['suppressedMarkers']) ? (m['suppressedMarkers'] as string[]) : ['*'],
    minimumResponses: minimum as number,
    measures: measures as unknown as SurveyMeasure[],
  });
}

export interface SurveyCell {
  measure: string;
  percentage: number | null;
  responses: number;
  suppressed: boolean;
}

export interface SurveyRow {
  level: 'practice' | 'icb' | 'england';
  code: string;
  name: string | null;
  icbCode: string | null;
  cells: SurveyCell[];
}

const ODS_PRACTICE = /^[A-Z]\d{5}$/;

/**
 * One row of the file, read through the mapping. `get` returns a cell by column name (or
 * undefined when the file has no such column). Returns the reason when the row is bad.
 */
export function readSurveyRow(get: (column: string) => string | undefined, mapping: SurveyMapping): Result<SurveyRow, string> {
  let level: SurveyRow['level'] = 'practice';
  if (mapping.aggregateRows) {
    const raw = (get(mapping.aggregateRows.levelColumn) ?? '').trim().toLowerCase();
    if (raw === mapping.aggregateRows.practice.toLowerCase()) level = 'practice';
    else if (raw === mapping.aggregateRows.icb.toLowerCase()) level = 'icb';
    else if (raw === mapping.aggregateRows.england.toLowerCase()) level = 'england';
    else return err(`${mapping.aggregateRows.levelColumn} is "${raw}": expected ${mapping.aggregateRows.practice}, ${mapping.aggregateRows.icb} or ${mapping.aggregateRows.england}`);
  }
  const code = (get(mapping.columns.code) ?? '').trim().toUpperCase();
  if (level === 'practice' && !ODS_PRACTICE.test(code)) return err(code ? `practice code ${code} is not an ODS practice code (a letter and 5 digits)` : 'the practice code is missing');
  if (level !== 'practice' && !code) return err('the area code is missing');
  const icbCode = (get(mapping.columns.icbCode) ?? '').trim().toUpperCase() || null;
  if (level === 'practice' && !icbCode) return err('the ICB code is missing');
  const cells: SurveyCell[] = [];
  for (const measure of mapping.measures) {
    const pRaw = (get(measure.percentColumn) ?? '').trim().replace(/%$/, '');
    const nRaw = (get(measure.responsesColumn) ?? '').trim().replace(/,/g, '');
    const marked = mapping.suppressedMarkers.includes(pRaw) || pRaw === '';
    if (!/^\d+$/.test(nRaw)) {
      if (marked && (nRaw === '' || mapping.suppressedMarkers.includes(nRaw))) {
        cells.push({ measure: measure.id, percentage: null, responses: 0, suppressed: true });
        continue;
      }
      return err(`${measure.responsesColumn} is "${nRaw}": expected a whole number of responses`);
    }
    const responses = Number(nRaw);
    if (marked || responses < mapping.minimumResponses) {
      cells.push({ measure: measure.id, percentage: null, responses, suppressed: true });
      continue;
    }
    if (!/^\d+(\.\d+)?$/.test(pRaw)) return err(`${measure.percentColumn} is "${pRaw}": expected a percentage from 0 to 100`);
    const percentage = Number(pRaw);
    if (percentage > 100) return err(`${measure.percentColumn} is ${pRaw}: a percentage cannot be more than 100`);
    cells.push({ measure: measure.id, percentage, responses, suppressed: false });
  }
  const name = mapping.columns.name ? (get(mapping.columns.name) ?? '').trim() || null : null;
  return ok({ level, code, name, icbCode: level === 'practice' ? icbCode : level === 'icb' ? code : null, cells });
}
