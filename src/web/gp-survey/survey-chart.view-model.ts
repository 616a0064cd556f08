/**
 * GP Patient Survey results as an accessible SVG bar chart (role="img" with a title and a
 * description) and the same figures as a table. Pure: the template only draws what is here.
 */
import { COMPARISON_METHOD, type ComparisonResult, type SurveyFigure } from '../../domain/gp-survey/survey-comparison.js';
import type { PracticeSurveyComparison } from '../../services/gp-survey/gp-survey.service.js';

const WIDTH = 680;
const LABEL_X = 8;
const BAR_X = 150;
const BAR_MAX = 400;
const BAR_H = 20;
const ROW_GAP = 6;
const TITLE_H = 26;
const BLOCK_GAP = 18;
const SERIES = [
  { key: 'practice', label: 'This practice', colour: '#1d70b8' },
  { key: 'icb', label: 'ICB', colour: '#912b88' },
  { key: 'england', label: 'England', colour: '#505a5f' },
] as const;

function pct(f: SurveyFigure): string {
  return f.suppressed || f.percentage === null ? 'Suppressed' : `${Math.round(f.percentage)}%`;
}

function differenceText(c: ComparisonResult, against: string): string {
  if (c.difference === 'not-compared') return 'Not compared';
  if (c.difference === 'no-significant-difference') return `No significant difference from ${against}`;
  return `Significantly ${c.difference} than ${against}`;
}

export function surveySection(s: PracticeSurveyComparison, where: 'location' | 'evidence') {
  let y = 8;
  const blocks = s.measures.map((m) => {
    const titleY = y + 16;
    y += TITLE_H;
    const bars = SERIES.map((series) => {
      const f = m[series.key];
      const barY = y;
      y += BAR_H + ROW_GAP;
      const width = f.suppressed || f.percentage === null ? 0 : Math.max(1, Math.round((f.percentage / 100) * BAR_MAX));
      const marks = series.key === 'practice' ? [m.vsIcb, m.vsEngland].filter((c) => c.difference === 'higher' || c.difference === 'lower') : [];
      const markText = series.key === 'practice' && marks.length ? ` ${m.vsEngland.difference === 'lower' || m.vsIcb.difference === 'lower' ? '▼' : '▲'} significant` : '';
      return {
        label: series.label,
        labelY: barY + 15,
        x: BAR_X,
        y: barY,
        width,
        height: BAR_H,
        colour: series.colour,
        valueX: BAR_X + width + 6,
        valueText: `${pct(f)}${markText}`,
      };
    });
    y += BLOCK_GAP - ROW_GAP;
    return { title: m.title, titleY, bars };
  });
  const significant = s.measures.filter((m) => m.vsEngland.judgement === 'worse' || m.vsEngland.judgement === 'better' || m.vsIcb.judgement === 'worse' || m.vsIcb.judgement === 'better');
  const id = `gpps-${where}-${s.practiceCode.toLowerCase()}`;
  return {
    id,
    heading: `GP Patient Survey ${s.surveyYear}`,
    intro: `What patients of this practice said in the GP Patient Survey ${s.surveyYear}, compared with ${s.icbName ?? 'its integrated care board (ICB)'} and England. Results from fewer than 10 responses are suppressed.`,
    chart: {
      width: WIDTH,
      height: y,
      viewBox: `0 0 ${WIDTH} ${y}`,
      titleId: `${id}-title`,
      descId: `${id}-desc`,
      title: `GP Patient Survey ${s.surveyYear}: this practice, its ICB and England`,
      desc: `Bar chart of ${s.measures.length} survey measures. ${significant.length === 0 ? 'No result is significantly different from the ICB or England.' : `Significant differences: ${significant.map((m) => `${m.title} (${[m.vsIcb, m.vsEngland].filter((c) => c.judgement === 'better' || c.judgement === 'worse').map((c) => c.explanation.split(':')[0]).join('; ')})`).join('. ')}.`} The table below gives the same figures.`,
      labelX: LABEL_X,
      blocks,
      legend: SERIES.map((x) => ({ label: x.label, colour: x.colour })),
    },
    table: {
      caption: `GP Patient Survey ${s.surveyYear} results as a table`,
      rows: s.measures.map((m) => ({
        title: m.title,
        practice: pct(m.practice),
        practiceResponses: m.practice.responses ? `${m.practice.responses.toLocaleString('en-GB')} responses` : 'No responses',
        icb: pct(m.icb),
        england: pct(m.england),
        vsIcb: differenceText(m.vsIcb, 'the ICB'),
        vsEngland: differenceText(m.vsEngland, 'England'),
        vsIcbSignificant: m.vsIcb.difference === 'higher' || m.vsIcb.difference === 'lower',
        vsEnglandSignificant: m.vsEngland.difference === 'higher' || m.vsEngland.difference === 'lower',
        explanation: [m.vsIcb.explanation, m.vsEngland.explanation].join(' '),
      })),
    },
    method: `Significance: ${COMPARISON_METHOD.name} (${COMPARISON_METHOD.version}). ${s.icbSource === 'computed' || s.englandSource === 'computed' ? 'ICB and England figures not in the file were computed from practice results weighted by the number of responses.' : ''}`.trim(),
    showExplanations: where === 'evidence',
  };
}
