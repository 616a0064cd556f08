import { formatDate } from '../../src/domain/shared/dates.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_RULES } from '../../src/domain/deadlines/deadline-rules.data.js';
import { QUALITY_STATEMENTS } from '../../src/domain/framework/quality-statements.data.js';
import { LA_QUALITY_STATEMENTS } from '../../src/domain/framework/local-authority-framework.data.js';
import { RATING_METHODS } from '../../src/domain/rating/rating-methods.data.js';
import { OPTION_DEFINITIONS } from '../../src/domain/rating/rating-options.js';
import { ASC_PRINCIPLES } from '../../src/domain/rating/rating-principles.data.js';
import { describeBand, SCORE_BANDS } from '../../src/domain/rating/score-bands.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Nunjucks autoescapes: compare with the escaped form. */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('GET /how-we-rate', () => {
  let t: TestApp;
  let body: string;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/how-we-rate' });
    expect(res.statusCode).toBe(200);
    body = res.body;
  });
  afterAll(async () => t.close());

  it('is public and has its own title', () => {
    expect(body).toContain('<title>How we reach a rating – Inspectorate</title>');
    expect(body).toContain('<h1 class="govuk-heading-xl">How we reach a rating</h1>');
  });

  it.each(QUALITY_STATEMENTS.map((q) => [q.code, q.name]))('shows quality statement %s %s', (code, name) => {
    expect(body).toContain(`>${code}</th>`);
    expect(body).toContain(escaped(name));
  });

  it.each(SCORE_BANDS.map((b) => [b.rating, describeBand(b)]))('shows the %s band %s', (rating, band) => {
    const row = new RegExp(`${band}</td>\\s*<td class="govuk-table__cell">${rating}</td>`);
    expect(body).toMatch(row);
  });

  it('shows every principle, method version, UNVERIFIED option default, deadline and local authority statement', () => {
    for (const p of ASC_PRINCIPLES) expect(body).toContain(escaped(p.text));
    for (const m of RATING_METHODS) expect(body).toContain(`>${formatDate(m.version)}</td>`);
    for (const o of OPTION_DEFINITIONS) expect(body).toContain(`>${o.id}</th>`);
    for (const o of OPTION_DEFINITIONS) expect(body).toContain(escaped(`${o.defaultValue}: `));
    for (const d of DEADLINE_RULES) expect(body).toContain(escaped(d.title));
    for (const q of LA_QUALITY_STATEMENTS) expect(body).toContain(escaped(q.name));
  });

  it('shows the worked example as the engine calculates it', () => {
    expect(body).toContain('= 22 of 32 = 68.75%, in the 63–87% band: Good');
  });
});
