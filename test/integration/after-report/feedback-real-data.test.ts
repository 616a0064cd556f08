/**
 * The triage rules against real patient comments (../shared/data/gp-local-patient-feedback: a
 * practice-run feedback form; read here only, never republished). Most comments get a theme;
 * the risk rule flags only a small minority, and each flag names words that are in the text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { feedbackThemes } from '../../../src/domain/feedback/feedback-themes.js';
import { assessRisk } from '../../../src/domain/feedback/risk-phrases.js';
import { testConfig } from '../../support/test-config.js';

const file = path.join(testConfig().dataDir, 'gp-local-patient-feedback', 'data.csv');
const rows = parse(readFileSync(file), { columns: true, bom: true, relax_quotes: true }) as { free_text: string }[];
const comments = rows.map((r) => r.free_text.trim()).filter((t) => t.length > 0);

describe('triage rules on real patient comments', () => {
  it('reads the 932 comments', () => {
    expect(comments.length).toBe(932);
  });

  it('finds a theme for most comments that are more than a few words long', () => {
    const longer = comments.filter((c) => c.split(/\s+/).length >= 8);
    const themed = longer.filter((c) => feedbackThemes(c).length > 0);
    expect(themed.length / longer.length).toBeGreaterThan(0.6);
    // Phone access is a real theme in these comments.
    expect(comments.filter((c) => feedbackThemes(c).includes('phone access')).length).toBeGreaterThan(20);
  });

  it('flags only a small minority as urgent, each flag quoting words from the comment', () => {
    const flagged = comments.map((c) => ({ c, r: assessRisk(c) })).filter((x) => x.r.flagged);
    expect(flagged.length / comments.length).toBeLessThan(0.05);
    for (const { c, r } of flagged) for (const m of r.matches) expect(c).toContain(m.found);
  });
});
