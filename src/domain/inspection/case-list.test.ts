import { describe, expect, it } from 'vitest';
import { checkHeader, referenceProblem, validateCaseRows, type RawRow } from './case-list.js';

const scope = ['Midwifery', 'Health Visiting', 'School Nursing'];

function row(line: number, over: Record<string, string> = {}): RawRow {
  return {
    line,
    values: {
      case_reference: `LTN-${String(line).padStart(4, '0')}`,
      services_used: 'Midwifery;health visiting',
      age_band: '0-4',
      looked_after: 'N',
      child_protection_plan: 'Y',
      child_in_need: 'N',
      consent_to_contact: 'Y',
      ...over,
    },
  };
}

describe('case list rows', () => {
  it('accepts good rows and canonicalises service names', () => {
    const r = validateCaseRows([row(2), row(3, { looked_after: 'yes' })], scope);
    expect(r.errors).toEqual([]);
    expect(r.cases[0]).toEqual({
      caseReference: 'LTN-0002',
      servicesUsed: ['Midwifery', 'Health Visiting'],
      ageBand: '0-4',
      lookedAfter: false,
      childProtectionPlan: true,
      childInNeed: false,
      consentToContact: true,
    });
    expect(r.cases[1]?.lookedAfter).toBe(true);
  });

  it('reports each bad row by line with the reason, and returns no cases at all', () => {
    const r = validateCaseRows(
      [row(2), row(3, { case_reference: '943 476 5919' }), row(4, { age_band: '3' }), row(5, { services_used: 'Dentistry' }), row(6, { case_reference: 'LTN-0002' })],
      scope,
    );
    expect(r.cases).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'case_reference'],
      [4, 'age_band'],
      [5, 'services_used'],
      [6, 'case_reference'],
    ]);
    expect(r.errors[0]?.message).toMatch(/NHS number/);
    expect(r.errors[3]?.message).toMatch(/also on line 2/);
  });

  it.each([
    ['', /empty/],
    ['9434765919', /NHS number/],
    ['943-476-5919', /NHS number/],
    ['Jane Smith', /name/],
    ['Smith', /name/],
    ['01/02/2015', /date of birth/],
    ['LTN_0001', /letters, digits and hyphens/],
  ])('rejects the reference %j', (ref, why) => {
    expect(referenceProblem(ref)).toMatch(why);
  });

  it.each(['LTN-0001', 'A12', 'CASE-2026-000123'])('accepts the reference %s', (ref) => {
    expect(referenceProblem(ref)).toBeNull();
  });

  it('checks the header for every column and refuses extra (identifying) columns', () => {
    expect(checkHeader(['Case_Reference', 'services_used', 'age_band', 'looked_after', 'child_protection_plan', 'child_in_need', 'consent_to_contact']).errors).toEqual([]);
    const bad = checkHeader(['case_reference', 'nhs_number', 'age_band']);
    expect(bad.errors.map((e) => e.message)).toContain('Unknown column nhs_number: real identifiers must not be sent');
    expect(bad.errors.some((e) => e.column === 'services_used')).toBe(true);
  });
});
