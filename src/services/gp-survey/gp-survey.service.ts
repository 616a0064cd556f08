/** Reading GP Patient Survey results: a practice against its ICB and England (public data). */
import type { GpSurveyResult } from '../../data/tables/after-report.tables.js';
import { comparePractice, type MeasureComparison, type SurveyFigure } from '../../domain/gp-survey/survey-comparison.js';
import type { ServiceContext } from '../context.js';
import { loadSurveyMapping } from './gp-survey.import.js';
import { icbByCode } from '../reference/icb-reference.js';

export interface PracticeSurveyComparison {
  surveyYear: number;
  practiceCode: string;
  practiceName: string | null;
  icbCode: string | null;
  icbName: string | null;
  icbSource: 'file' | 'computed' | null;
  englandSource: 'file' | 'computed' | null;
  measures: MeasureComparison[];
}

function figure(r: GpSurveyResult): SurveyFigure {
  return { percentage: r.percentage === null ? null : Number(r.percentage), responses: r.responses, suppressed: r.suppressed };
}

/** The practice's latest survey year with its comparison, or null when the practice has no results. */
export async function practiceSurveyComparison(ctx: Pick<ServiceContext, 'db' | 'config'>, odsCode: string): Promise<PracticeSurveyComparison | null> {
  const code = odsCode.toUpperCase();
  const latest = await ctx.db.selectFrom('gp_survey_results').select('survey_year').where('area_type', '=', 'practice').where('area_code', '=', code).orderBy('survey_year', 'desc').limit(1).executeTakeFirst();
  if (!latest) return null;
  const year = latest.survey_year;
  const practiceRows = await ctx.db.selectFrom('gp_survey_results').selectAll().where('survey_year', '=', year).where('area_type', '=', 'practice').where('area_code', '=', code).execute();
  const icbCode = practiceRows[0]?.icb_code ?? null;
  const [icbRows, englandRows] = await Promise.all([
    icbCode ? ctx.db.selectFrom('gp_survey_results').selectAll().where('survey_year', '=', year).where('area_type', '=', 'icb').where('area_code', '=', icbCode).execute() : Promise.resolve([]),
    ctx.db.selectFrom('gp_survey_results').selectAll().where('survey_year', '=', year).where('area_type', '=', 'england').execute(),
  ]);
  let measures: { id: string; title: string; higherIsBetter: boolean }[];
  try {
    const mapping = loadSurveyMapping(ctx.config.projectRoot, `${year}.json`);
    measures = mapping.measures;
  } catch {
    measures = practiceRows.map((r) => ({ id: r.measure, title: r.measure.replace(/_/g, ' '), higherIsBetter: true }));
  }
  const byMeasure = (rows: GpSurveyResult[]) => new Map(rows.map((r) => [r.measure, figure(r)]));
  return {
    surveyYear: year,
    practiceCode: code,
    practiceName: practiceRows[0]?.area_name ?? null,
    icbCode,
    icbName: icbRows[0]?.area_name ?? icbByCode(ctx.config.projectRoot, icbCode)?.name ?? null,
    icbSource: icbRows[0]?.source ?? null,
    englandSource: englandRows[0]?.source ?? null,
    measures: comparePractice(measures, { practice: byMeasure(practiceRows), icb: byMeasure(icbRows), england: byMeasure(englandRows) }),
  };
}
