import { describe, expect, it } from 'vitest';
import { riskScore, RISK_SCORE_VERSION, type RiskInput } from './risk-score.js';

const base: RiskInput = {
  sector: 'gp-and-urgent-care',
  rating: 'Good',
  ratingDate: '2024-01-10',
  registrationDate: '2013-04-01',
  surveyWorse: [],
  feedbackLast12Months: 0,
  urgentFeedbackLast12Months: 0,
  openConcerns: 0,
  openEnforcement: 0,
};
const TODAY = '2026-12-01';

describe('risk score (risk-score/2)', () => {
  it.each<[string, Partial<RiskInput>, number, RegExp[]]>([
    ['a recent good rating and nothing else', {}, 0, []],
    ['good, published 2018: 5-year maximum passed in 2023', { ratingDate: '2018-06-12' }, 30 + 20, [/Re-inspection overdue: rated good on 12 June 2018, it was due by 12 June 2023 \(60-month maximum\), 41 months ago/]],
    ['requires improvement a year and a half ago', { rating: 'Requires improvement', ratingDate: '2025-06-01' }, 30 + 12 + 10, [/due by 1 June 2026 \(12-month maximum\), 6 months ago/, /Current rating is requires improvement/]],
    ['inadequate, re-inspection due within 3 months', { rating: 'Inadequate', ratingDate: '2026-07-01' }, 10 + 20, [/Re-inspection due by 1 January 2027, within 3 months/, /Current rating is inadequate/]],
    ['never rated, registered 2 years ago', { rating: null, ratingDate: null, registrationDate: '2024-11-01' }, 30 + 20, [/registered on 1 November 2024 and not yet rated, it was due by 1 November 2025/]],
    ['survey far below and just below England', { surveyWorse: [{ title: 'Easy to contact by phone', gap: -12.4 }, { title: 'Overall experience', gap: -4 }] }, 10 + 5, [/Easy to contact by phone \(12.4 points below, far below\); Overall experience \(4.0 points below\)/]],
    ['feedback volume and seriousness', { feedbackLast12Months: 14, urgentFeedbackLast12Months: 2 }, 10 + 16, [/14 pieces of feedback/, /2 of them suggested someone was at risk/]],
    ['open concerns and enforcement, capped', { openConcerns: 5, openEnforcement: 1 }, 30 + 40, [/5 open concerns/, /1 open enforcement action \(/]],
    ['a warning notice, an Inadequate and a Requires improvement key question', { openEnforcement: 1, keyQuestionRatings: [{ name: 'Well-led', rating: 'Inadequate' }, { name: 'Safe', rating: 'Requires improvement' }, { name: 'Caring', rating: 'Good' }] }, 40 + 25 + 8, [/Rated inadequate for well-led\./, /Rated requires improvement for safe\./]],
    ['overdue enforcement and unanswered feedback', { overdueEnforcement: 1, unansweredFeedback: 4 }, 20 + 30, [/1 enforcement action overdue/, /4 pieces of feedback shared with the service not answered/]],
  ])('%s', (_name, change, score, texts) => {
    const r = riskScore({ ...base, ...change }, TODAY);
    expect(r.score).toBe(score);
    expect(r.version).toBe(RISK_SCORE_VERSION);
    expect(r.reasons.reduce((s, x) => s + x.points, 0)).toBe(score);
    for (const t of texts) expect(r.reasons.map((x) => x.text).join(' | ')).toMatch(t);
  });

  it('takes the re-inspection date from the rules engine, including the inadequate key question rule', () => {
    const r = riskScore({ ...base, rating: 'Requires improvement', ratingDate: '2026-03-01', keyQuestions: { safe: 'Inadequate' } }, TODAY);
    expect(r.latestReinspection).toBe('2026-09-01');
    expect(r.reasons[0]?.text).toMatch(/Re-inspection overdue/);
  });

  it('lists the biggest reason first and never scores more for less', () => {
    const worse = riskScore({ ...base, ratingDate: '2018-06-12', openEnforcement: 1 }, TODAY);
    const better = riskScore({ ...base, ratingDate: '2018-06-12' }, TODAY);
    expect(worse.score).toBeGreaterThan(better.score);
    expect(worse.reasons.map((r) => r.points)).toEqual([...worse.reasons.map((r) => r.points)].sort((a, b) => b - a));
  });
});
