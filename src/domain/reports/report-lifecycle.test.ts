import { describe, expect, it } from 'vitest';
import { availableEvents, transition, type InspectionEvent, type InspectionState, type TransitionFacts } from '../inspection/inspection-lifecycle.js';

const facts = (role: string, teamRole: TransitionFacts['actor']['teamRole'], viaReportWorkflow = true): TransitionFacts => ({ noticeType: 'announced', hasFieldworkDates: true, contactCount: 1, viaReportWorkflow, actor: { role, teamRole } });

describe('inspection lifecycle: the report transitions (issue #7)', () => {
  it.each<[InspectionState, InspectionEvent, TransitionFacts, InspectionState | RegExp]>([
    ['draft_report', 'send_for_factual_accuracy', facts('inspector', 'lead_inspector'), 'factual_accuracy'],
    ['draft_report', 'send_for_factual_accuracy', facts('inspector', 'inspector'), /Only the lead inspector, an inspection manager or an administrator can send the draft report for factual accuracy/],
    ['factual_accuracy', 'complete_factual_accuracy', facts('factual_accuracy_reviewer', null), 'publication_ready'],
    ['factual_accuracy', 'complete_factual_accuracy', facts('inspector', 'lead_inspector'), /Only .*factual accuracy reviewer/],
    ['publication_ready', 'publish', facts('inspection_manager', null), 'published'],
    ['publication_ready', 'publish', facts('inspector', 'lead_inspector'), /Only an inspection manager can publish the report/],
    ['publication_ready', 'reopen_factual_accuracy', facts('inspection_manager', 'inspection_manager'), 'factual_accuracy'],
    ['draft_report', 'publish', facts('inspection_manager', null), /at draft report cannot be published/],
    ['publication_ready', 'publish', facts('inspection_manager', null, false), /Use the report pages/],
  ])('%s --%s--> (%o)', (from, event, f, expected) => {
    const r = transition(from, event, f);
    if (typeof expected === 'string') expect(r.ok && r.value.to).toBe(expected);
    else expect(!r.ok && r.error.message).toMatch(expected);
  });

  it('never offers report moves as buttons outside the report pages', () => {
    expect(availableEvents('publication_ready', facts('inspection_manager', null, false))).toEqual([]);
    expect(availableEvents('publication_ready', facts('inspection_manager', null, true))).toEqual(['reopen_factual_accuracy', 'publish']);
  });
});
