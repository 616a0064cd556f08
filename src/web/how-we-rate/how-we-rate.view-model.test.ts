import { describe, expect, it } from 'vitest';
import { DEADLINE_RULES } from '../../domain/deadlines/deadline-rules.data.js';
import { QUALITY_STATEMENTS } from '../../domain/framework/quality-statements.data.js';
import { OPTION_DEFINITIONS } from '../../domain/rating/rating-options.js';
import { ASC_PRINCIPLES } from '../../domain/rating/rating-principles.data.js';
import { SCORE_BANDS } from '../../domain/rating/score-bands.js';
import { howWeRatePage, type TableParams } from './how-we-rate.view-model.js';

const page = howWeRatePage();
const tables = page.sections.flatMap((s) => s.tables);
const tableById = (id: string): TableParams => {
  const t = tables.find((x) => x.attributes['data-testid'] === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
};
const texts = (t: TableParams) => t.rows.map((r) => r.map((c) => c.text));

describe('how we reach a rating view-model', () => {
  it('lists all 34 quality statements, in catalogue order, across the five key question tables', () => {
    const rows = tables.filter((t) => t.attributes['data-testid']?.startsWith('statements-')).flatMap(texts);
    expect(rows).toEqual(QUALITY_STATEMENTS.map((q) => [q.code, q.name]));
  });

  it('shows the score bands from the engine table', () => {
    expect(texts(tableById('score-bands'))).toEqual([
      ['4', 'Evidence shows an exceptional standard', '88% and above', 'Outstanding'],
      ['3', 'Evidence shows a good standard', '63–87%', 'Good'],
      ['2', 'Evidence shows some shortfalls', '39–62%', 'Requires improvement'],
      ['1', 'Evidence shows significant shortfalls', '25–38%', 'Inadequate'],
    ]);
    expect(SCORE_BANDS).toHaveLength(4);
  });

  it('lists every principle, every UNVERIFIED option with its default, and every deadline rule', () => {
    expect(texts(tableById('principles')).map((r) => r[1])).toEqual(ASC_PRINCIPLES.map((p) => p.text));
    expect(texts(tableById('options')).map((r) => [r[0], r[2]?.split(':')[0]])).toEqual(OPTION_DEFINITIONS.map((o) => [o.id, o.defaultValue]));
    expect(texts(tableById('deadline-rules')).map((r) => r[1])).toEqual(DEADLINE_RULES.map((d) => `${d.amount} ${d.unit === 'working-days' ? 'working days' : 'days'}`));
  });

  it('includes a worked example calculated by the engine', () => {
    const example = page.sections.find((s) => s.id === 'methods')?.steps ?? [];
    expect(example.join('\n')).toContain('= 22 of 32 = 68.75%, in the 63–87% band: Good');
  });

  it('has a contents entry for every section', () => {
    expect(page.contents.map((c) => c.href)).toEqual(page.sections.map((s) => `#${s.id}`));
    expect(page.pageTitle).toBe('How we reach a rating');
  });
});
