import { describe, expect, it } from 'vitest';
import { concernRespondBy, isConcernOverdue, needsEscalation } from './concern-deadline.js';
import { availableEnforcementEvents, countsForLimiters, enforcementMove, organisationEvent, type EnforcementActionKind, type EnforcementEvent, type EnforcementState } from './enforcement-workflow.js';
import { checkEvidenceItem } from './evidence-item.js';
import { applyDepartures } from './judgement-approval.js';
import { proposeRatings } from './judgement-proposal.js';
import { renderEnforcementDocument } from './enforcement-documents.js';

const FW = { start: '2025-10-07', end: '2025-10-08' };

describe('concern deadline (hours, not working days)', () => {
  it.each([
    ['2026-12-01T10:00:00Z', 24, '2026-12-02T10:00:00.000Z', 'Wednesday 2 December 2026 at 10am UK time'],
    ['2026-12-04T16:00:00Z', 24, '2026-12-05T16:00:00.000Z', 'Saturday 5 December 2026 at 4pm UK time'],
    ['2026-10-24T12:00:00Z', 48, '2026-10-26T12:00:00.000Z', 'Monday 26 October 2026 at midday UK time'], // across the end of BST: 12:00 UTC is 12:00 GMT
  ])('raised %s with %i hours: due %s', (raised, hours, due, text) => {
    const d = concernRespondBy(new Date(raised), hours);
    expect(d.respondBy.toISOString()).toBe(due);
    expect(d.explanation).toContain(text);
  });

  it.each([
    [null, null, '2026-12-02T10:00:01Z', true, true],
    [null, null, '2026-12-02T10:00:00Z', false, false],
    ['2026-12-02T09:00:00Z', null, '2026-12-03T10:00:00Z', false, false],
    [null, '2026-12-02T11:00:00Z', '2026-12-02T12:00:00Z', true, false],
  ])('responded %s, escalated %s, at %s: overdue %s, needs escalation %s', (responded, escalated, now, overdue, escalate) => {
    const c = { respondBy: new Date('2026-12-02T10:00:00Z'), respondedAt: responded ? new Date(responded) : null, escalatedAt: escalated ? new Date(escalated) : null };
    expect(isConcernOverdue(c, new Date(now))).toBe(overdue);
    expect(needsEscalation(c, new Date(now))).toBe(escalate);
  });
});

describe('enforcement workflow: each kind has its own states', () => {
  it.each<[EnforcementActionKind, EnforcementState, EnforcementEvent, EnforcementState | null, string[]]>([
    ['warning-notice', 'draft', 'issue', 'issued', ['warning-notice-representations']],
    ['warning-notice', 'issued', 'receive_representations', 'representations_received', ['warning-notice-reply']],
    ['warning-notice', 'draft', 'serve_proposal', null, []],
    ['requirement-notice', 'draft', 'issue', 'issued', ['requirement-notice-action-plan']],
    ['condition', 'draft', 'serve_proposal', 'proposal_served', ['notice-of-proposal-representations']],
    ['cancellation', 'representations_received', 'serve_decision', 'decision_served', ['tribunal-appeal']],
    ['letter-of-intent', 'draft', 'send', 'sent', ['letter-of-intent-assurance']],
    ['special-measures', 'draft', 'place', 'placed', []],
    ['urgent-action', 'closed', 'withdraw', null, []],
  ])('%s %s --%s--> %s', (kind, from, event, to, deadlines) => {
    const m = enforcementMove(kind, from, event);
    if (to === null) {
      expect(m.ok).toBe(false);
      return;
    }
    expect(m.ok && m.value.to).toBe(to);
    expect(m.ok && [...m.value.deadlines]).toEqual(deadlines);
  });

  it('buttons and organisation moves follow the table; drafts and withdrawn actions do not limit ratings', () => {
    expect(availableEnforcementEvents('warning-notice', 'issued')).toEqual(['decide', 'withdraw']);
    expect(organisationEvent('warning-notice', 'issued')).toBe('receive_representations');
    expect(organisationEvent('requirement-notice', 'issued')).toBe('receive_action_plan');
    expect(organisationEvent('warning-notice', 'decided')).toBeNull();
    expect(countsForLimiters('draft')).toBe(false);
    expect(countsForLimiters('withdrawn')).toBe(false);
    expect(countsForLimiters('issued')).toBe(true);
  });

  it('the warning notice document names the breach, the compliance date and the deadline', () => {
    const doc = renderEnforcementDocument('warning_notice', {
      providerName: 'P',
      subjectName: 'S',
      reference: 'INS-2025-000001',
      date: '2025-10-24',
      breach: { regulation: '17', paragraph: '17(1)', description: 'Governance failed.' },
      complianceDate: '2025-12-19',
      deadlines: [{ title: 'Representations against a warning notice', due: '2025-11-07' }],
      signedBy: 'X',
    });
    expect(doc.body).toContain('Regulation 17 (Good governance), 17(1)');
    expect(doc.body).toContain('by Friday 19 December 2025');
    expect(doc.body).toContain('Representations against a warning notice: by Friday 7 November 2025.');
  });
});

describe('evidence item checks', () => {
  it.each([
    ['draft with text only', 'draft', { type: null, qualityStatements: [], evidenceCategory: null, refersToDate: null, body: 'typing' }, []],
    ['recorded, incomplete', 'recorded', { type: null, qualityStatements: [], evidenceCategory: null, refersToDate: null, body: '' }, ['type', 'qualityStatements', 'evidenceCategory', 'refersToDate', 'body']],
    ['unknown statement', 'draft', { type: 'observation', qualityStatements: ['Z9'], evidenceCategory: null, refersToDate: null, body: '' }, ['qualityStatements']],
    ['date after fieldwork', 'draft', { type: 'observation', qualityStatements: [], evidenceCategory: null, refersToDate: '2025-10-09', body: '' }, ['refersToDate']],
    ['not a date', 'draft', { type: 'observation', qualityStatements: [], evidenceCategory: null, refersToDate: '2025-02-30', body: '' }, ['refersToDate']],
  ] as const)('%s', (_name, status, fields, problems) => {
    expect(checkEvidenceItem({ ...fields, qualityStatements: [...fields.qualityStatements] }, status, FW).map((p) => p.field)).toEqual(problems);
  });
});

describe('proposed ratings come from the rules engine, with limiters', () => {
  const scores = [
    { code: 'S1', score: 3 },
    { code: 'E1', score: 3 },
    { code: 'C1', score: 3 },
    { code: 'R1', score: 3 },
    { code: 'W1', score: 3 },
  ];
  it.each([
    ['no breach', [], 'Good', 'Good'],
    ['requirement notice on well-led', [{ regulation: '17', action: 'requirement-notice', keyQuestion: 'wellLed' as const }], 'Requires improvement', 'Good'],
    ['warning notice on well-led', [{ regulation: '17', action: 'warning-notice', keyQuestion: 'wellLed' as const }], 'Inadequate', 'Requires improvement'],
    ['letter of intent (no limiter)', [{ regulation: '17', action: 'letter-of-intent', keyQuestion: 'wellLed' as const }], 'Good', 'Good'],
  ])('%s: well-led %s, overall %s (primary medical)', (_name, breaches, wellLed, overall) => {
    const p = proposeRatings({ scoringMethod: 'saf-2024', overallMethod: 'primary-medical', scores, breaches });
    expect(p.keyQuestions.find((k) => k.keyQuestion === 'wellLed')?.rating).toBe(wellLed);
    expect(p.overall.rating).toBe(overall);
  });

  it('saf-2023 rates from evidence category scores, and a key question with no scores is not rated', () => {
    const p = proposeRatings({ scoringMethod: 'saf-2023', overallMethod: 'asc-principles', scores: [{ code: 'S1', categoryScores: { processes: 2, observation: 2 } }], breaches: [] });
    expect(p.keyQuestions[0]).toMatchObject({ keyQuestion: 'safe', rating: 'Requires improvement' });
    expect(p.keyQuestions[1]).toMatchObject({ keyQuestion: 'effective', rating: 'Not rated' });
    expect(p.overall.rating).toBe('Not rated');
  });

  it('a departure needs a different rating and a reason, and is written into the explanation', () => {
    const p = proposeRatings({ scoringMethod: 'saf-2024', overallMethod: 'primary-medical', scores, breaches: [] });
    const bad = applyDepartures(p, [{ subject: 'overall', rating: 'Good', reason: 'no' }]);
    expect(bad.ok).toBe(false);
    const ok = applyDepartures(p, [{ subject: 'Well-led', rating: 'Requires improvement', reason: 'Confidence in the provider is low after repeated failures' }]);
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const wl = ok.value.find((r) => r.subject === 'wellLed')!;
    expect(wl).toMatchObject({ proposedRating: 'Good', rating: 'Requires improvement' });
    expect(wl.explanation.at(-1)).toBe('Departure from the principles: the rules propose Good; the inspection manager approved Requires improvement. Reason: Confidence in the provider is low after repeated failures');
  });
});
