import { describe, expect, it } from 'vitest';
import type { RecommendationAddresseesView } from '../../services/reports/recommendation-addressees.service.js';
import { buildAddresseesPage, listInWords } from './report-pages.view-model.js';

describe('listInWords', () => {
  it.each([
    [[], ''],
    [['Luton Borough Council'], 'Luton Borough Council'],
    [['the trust', 'the council'], 'the trust and the council'],
    [['A', 'B', 'C'], 'A, B and C'],
  ])('%j → %s', (items, expected) => {
    expect(listInWords(items)).toBe(expected);
  });
});

describe('buildAddresseesPage', () => {
  const view: RecommendationAddresseesView = {
    inspection: { id: 'i1', reference: 'INS-2026-000001' },
    recommendation: { id: 'r1', text: 'Write the handover into the record.', strength: 'should', organisationId: 'icb', organisationName: 'The ICB' },
    choices: [
      { id: 'trust', name: 'The trust', capacities: ['Provider of a service in scope'] },
      { id: 'council', name: 'The council', capacities: [] },
    ],
    alsoTo: ['council'],
    refusal: null,
  };

  it.each([
    ['as stored when the page opens', [] as { field: string; message: string }[], ['council'], 'Who a recommendation is addressed to: INS-2026-000001', [false, true]],
    ['as ticked when a refusal re-renders it', [{ field: 'organisationIds', message: 'A recommendation can be addressed only to organisations taking part in the inspection' }], ['trust'], 'Error: Who a recommendation is addressed to: INS-2026-000001', [true, false]],
  ])('ticks the organisations %s', (_l, errors, ticked, title, checked) => {
    const page = buildAddresseesPage(view, { organisationIds: ticked }, errors);
    expect(page.pageTitle).toBe(title);
    expect(page.checkboxes.items.map((i) => i.checked)).toEqual(checked);
    expect(page.checkboxes.errorMessage).toEqual(errors.length ? { text: errors[0]!.message } : false);
  });

  it('says who it is addressed to already, and names each choice with its capacity', () => {
    const page = buildAddresseesPage(view, { organisationIds: [] });
    expect(page.first).toBe('It is addressed to The ICB, chosen when it was written.');
    expect(page.recommendation).toBe('Should: Write the handover into the record.');
    expect(page.checkboxes.items[0]).toEqual({ value: 'trust', text: 'The trust', checked: false, hint: { text: 'Provider of a service in scope' } });
    expect(page.checkboxes.items[1]).toEqual({ value: 'council', text: 'The council', checked: false });
  });
});
