import { describe, expect, it } from 'vitest';
import { caseReferencePattern, checkPersonalData, checkResolution, isValidNhsNumber, personalDataBlockers, reconcileFlags, type PdKind } from './personal-data-check.js';
import type { ReportSection } from './report-sections.js';

const section = (body: string, key = 'qs:S3'): ReportSection => ({ key, heading: 'Safeguarding', level: 3, body });
const people = [
  { name: 'Jayden Okafor', category: 'person_using_services' as const },
  { name: 'Priya Shah', category: 'staff' as const },
];
const refs = ['LTN-0042', 'LTN-0107'];
const kinds = (body: string) => checkPersonalData({ sections: [section(body)], knownPeople: people, caseReferences: refs }).map((f) => [f.kind, f.matched]);

describe('personal-data check: what is flagged', () => {
  it.each<[string, string, [PdKind, string][]]>([
    ['the name of a person who uses services, in a quote', '> "Jayden Okafor told us he felt safe"', [['person_name', 'Jayden Okafor']]],
    ['the first name alone of a person who uses services', 'We saw that Jayden had a plan.', [['person_name', 'Jayden']]],
    ['a member of staff named in full', 'Priya Shah, the safeguarding lead, explained the process.', [['person_name', 'Priya Shah']]],
    ['a title and a surname', 'Dr Patel reviewed the notes.', [['person_name', 'Dr Patel']]],
    ['a family member named in a quote', '> My son Kai waited three hours.', [['person_name', 'Kai']]],
    ['a case reference from the case list', 'In case LTN-0042 the referral was late.', [['case_reference', 'LTN-0042']]],
    ['a reference in the case list format that is not on the list', 'Case LTN-9999 showed the same gap.', [['case_reference', 'LTN-9999']]],
    ['an NHS number', 'NHS number 943 476 5919 was on the form.', [['nhs_number', '943 476 5919']]],
    ['a date of birth', 'The child (born on 12/03/2015) was seen.', [['date_of_birth', '12/03/2015']]],
    ['a phone number in a quote', '> "Ring me on 07700 900123 any time"', [['phone', '07700 900123']]],
    ['an email address in a quote', '> "Email mum.k@example.com"', [['email', 'mum.k@example.com']]],
    ['an address in a quote', '> "We live at 14 Marsh Road, LU3 2RD"', [['address', '14 Marsh Road'], ['address', 'LU3 2RD']]],
    ['nothing personal', 'Staff knew how to make a safeguarding referral and records were complete.', []],
    ['a practice phone number outside quotes is left alone', 'The practice can be reached on 01582 497000.', []],
  ])('%s', (_name, body, expected) => {
    expect(kinds(body)).toEqual(expected);
  });

  it('repeats of the same text in a section are one flag, and each flag carries its context', () => {
    const found = checkPersonalData({ sections: [section('Jayden Okafor said yes. Later Jayden Okafor said no.')], knownPeople: people, caseReferences: [] });
    expect(found.filter((f) => f.matched === 'Jayden Okafor')).toHaveLength(1);
    expect(found[0]).toMatchObject({ personCategory: 'person_using_services', sectionKey: 'qs:S3' });
    expect(found[0]!.context).toContain('Jayden Okafor said yes');
  });

  it('derives the case list format from the references', () => {
    const re = caseReferencePattern(['LTN-0042', 'ABC123']);
    expect('see LTN-1234 and ABC999 but not LTN-12345'.match(re!)).toEqual(['LTN-1234', 'ABC999']);
    expect(caseReferencePattern([])).toBeNull();
  });

  it.each([
    ['9434765919', true],
    ['9434765918', false],
    ['0000000000', true],
  ])('NHS number check digit %s -> %s', (n, valid) => expect(isValidNhsNumber(n)).toBe(valid));
});

describe('personal-data check: resolving flags', () => {
  it.each([
    ['removed while still in the text', { kind: 'person_name', personCategory: null, matched: 'Dr Patel' }, { status: 'removed' }, true, /still in the report/],
    ['removed once gone', { kind: 'person_name', personCategory: null, matched: 'Dr Patel' }, { status: 'removed' }, false, null],
    ['allowed: a person using services, never', { kind: 'person_name', personCategory: 'person_using_services', matched: 'Jayden' }, { status: 'allowed', reason: 'public_role', note: 'Agreed' }, true, /can never be published/],
    ['allowed: a family member, never', { kind: 'person_name', personCategory: 'family', matched: 'Kai' }, { status: 'allowed', reason: 'not_a_person', note: 'Is a place' }, true, /can never be published/],
    ['allowed: an NHS number, never', { kind: 'nhs_number', personCategory: null, matched: '943 476 5919' }, { status: 'allowed', reason: 'not_identifying', note: 'Test number' }, true, /can never be published/],
    ['allowed: a case reference, never', { kind: 'case_reference', personCategory: null, matched: 'LTN-0042' }, { status: 'allowed', reason: 'not_identifying', note: 'Pseudonymous' }, true, /can never be published/],
    ['allowed: the registered manager, with a reason', { kind: 'person_name', personCategory: 'staff', matched: 'Priya Shah' }, { status: 'allowed', reason: 'public_role', note: 'Registered manager, agreed to be named' }, true, null],
    ['allowed without an explanation', { kind: 'person_name', personCategory: 'staff', matched: 'Priya Shah' }, { status: 'allowed', reason: 'public_role', note: '' }, true, /Explain why/],
  ] as const)('%s', (_name, flag, resolution, stillInText, refusal) => {
    const r = checkResolution(flag, resolution, stillInText);
    if (refusal === null) expect(r.ok).toBe(true);
    else expect(!r.ok && r.error.message).toMatch(refusal);
  });

  it('a fresh check adds new flags, reopens removed ones that are back, and clears open ones that are gone', () => {
    const findings = checkPersonalData({ sections: [section('Dr Patel and Dr Jones')], knownPeople: [], caseReferences: [] });
    const r = reconcileFlags(
      [
        { fingerprint: 'qs:S3|person_name|dr patel', status: 'removed' },
        { fingerprint: 'qs:S3|person_name|dr gone', status: 'open' },
      ],
      findings,
    );
    expect(r.added.map((f) => f.matched)).toEqual(['Dr Jones']);
    expect(r.reopened).toEqual(['qs:S3|person_name|dr patel']);
    expect(r.cleared).toEqual(['qs:S3|person_name|dr gone']);
  });

  it('publication and approval are blocked while any flag is open', () => {
    expect(personalDataBlockers([{ fingerprint: 'a', status: 'open', matched: 'Jayden', kind: 'person_name' }])[0]).toMatch(/1 personal data flag is unresolved.*name of a person "Jayden"/);
    expect(personalDataBlockers([{ fingerprint: 'a', status: 'allowed', matched: 'Priya Shah', kind: 'person_name' }])).toEqual([]);
  });
});
