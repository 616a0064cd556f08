import { describe, expect, it } from 'vitest';
import { checkNotification, triagePriority, type NotificationInput } from './notification-form.js';
import { notificationBasis, NOTIFICATION_TYPES, notificationType } from './notification-types.data.js';

const TODAY = '2026-03-04';
const person = { personReference: 'BH-0412', personAgeBand: '85 or over', personInitials: 'M.T.' };

/** A valid body for each type: its own fields, and the person fields when it is about a person. */
const VALID: Record<string, NotificationInput> = {
  death: { ...person, eventDate: '2026-03-03', expected: 'no', place: 'service', whatHappened: 'Found unresponsive in the morning; paramedics called.' },
  death_detained: { ...person, eventDate: '2026-03-03', whatHappened: 'Died on the ward overnight.' },
  unauthorised_absence: { ...person, eventDate: '2026-03-03', returned: 'yes', whatHappened: 'Left the ward during escorted leave and returned that evening.' },
  serious_injury: { ...person, eventDate: '2026-03-03', injuryCategories: ['structural_change'], whatHappened: 'Fell in the lounge and fractured a hip.' },
  abuse: { ...person, eventDate: '2026-03-03', abuseType: 'financial', safeguardingReferral: 'yes', whatHappened: 'Money went missing from a resident’s room.' },
  police: { eventDate: '2026-03-03', policeReference: 'BD-1234', whatHappened: 'Police called to an aggressive visitor in reception.' },
  dols: { ...person, eventDate: '2026-03-03', applicationDate: '2026-01-10', dolsOutcome: 'authorised' },
  court_deprivation: { ...person, eventDate: '2026-02-20', courtOutcome: 'pending', whatHappened: 'The person needs constant supervision at home and cannot consent to it.' },
  service_disruption: { eventDate: '2026-03-03', eventKind: 'flood', whatHappened: 'A burst pipe flooded the ground floor; residents moved upstairs.' },
  child_in_adult_unit: { ...person, personAgeBand: 'Under 18', eventDate: '2026-03-01', whatHappened: 'No adolescent bed was available in the region.' },
  manager_absence: { eventDate: '2026-03-16', expectedReturn: '2026-05-01', absenceReason: 'illness', arrangements: 'The deputy manager runs the home day to day.' },
  manager_return: { eventDate: '2026-03-02', absenceStarted: '2026-01-05' },
  registered_details_change: { eventDate: '2026-04-01', changeKind: 'statement_of_purpose', changeDetails: 'We will stop providing nursing care.' },
  death_registered_provider: { registeredPersonName: 'Dr Harold Ashworth', eventDate: '2026-03-01', carryingOnName: 'Eleanor Ashworth, his personal representative', carryingOnContact: '07700 900123', serviceContinues: 'yes', whatHappened: 'Eleanor Ashworth will run the home until it is sold; the deputy manager stays in charge day to day.' },
};

describe('statutory notification forms', () => {
  it('every type has a valid example here, and each example is accepted', () => {
    expect(Object.keys(VALID).sort()).toEqual(NOTIFICATION_TYPES.map((t) => t.id).sort());
    for (const t of NOTIFICATION_TYPES) {
      const r = checkNotification(t.id, VALID[t.id]!, TODAY);
      expect(r.ok, `${t.id}: ${JSON.stringify(!r.ok && r.error)}`).toBe(true);
    }
  });

  it.each([
    ['death', 'expected', 'Was the death expected?'],
    ['serious_injury', 'injuryCategories', 'What kind of injury is it?'],
    ['abuse', 'abuseType', 'What kind of abuse?'],
    ['dols', 'dolsOutcome', 'Outcome'],
    ['court_deprivation', 'courtOutcome', 'Outcome'],
    ['service_disruption', 'eventKind', 'What happened?'],
    ['manager_absence', 'arrangements', 'Arrangements for running the service during the absence'],
    ['manager_return', 'absenceStarted', 'Date the absence began'],
    ['registered_details_change', 'changeKind', 'What is changing?'],
    ['death_registered_provider', 'registeredPersonName', 'Name of the registered provider who died'],
    ['death_registered_provider', 'eventDate', 'Date of death'],
    ['death_registered_provider', 'carryingOnName', 'Who is now carrying on the regulated activity?'],
    ['death_registered_provider', 'carryingOnContact', 'Their telephone number or email address'],
    ['death_registered_provider', 'serviceContinues', 'Is the service continuing?'],
  ])('%s asks for its own field %s, and refuses the notification without it', (type, fieldName, label) => {
    expect(notificationType(type)!.fields.find((f) => f.name === fieldName)?.label).toBe(label);
    const r = checkNotification(type, { ...VALID[type]!, [fieldName]: fieldName === 'injuryCategories' ? [] : '' }, TODAY);
    expect(!r.ok && r.error.map((e) => e.field)).toEqual([fieldName]);
  });

  it('offers the five injury outcomes of regulation 18(2)(a) and refuses one not on the list', () => {
    expect(notificationType('serious_injury')!.fields.find((f) => f.name === 'injuryCategories')!.options!.map((o) => o.value)).toEqual(['permanent_impairment', 'structural_change', 'prolonged_pain', 'shortened_life', 'treatment_to_prevent']);
    const r = checkNotification('serious_injury', { ...VALID['serious_injury']!, injuryCategories: ['bruise'] }, TODAY);
    expect(!r.ok && r.error[0]!.message).toBe('Choose from the list for "What kind of injury is it?"');
  });

  it.each([
    ['a name with a title', 'whatHappened', 'Mrs Margaret Thompson fell in the lounge.', 'Remove "Mrs Margaret Thompson": it looks like a name'],
    ['a family member’s name', 'whatHappened', 'Her daughter Susan raised the alarm.', 'Remove "Susan": it looks like a name'],
    ['an NHS number in the text', 'whatHappened', 'Patient 943 476 5919 fell.', 'Remove "943 476 5919": it looks like an NHS number'],
    ['a date of birth in the text', 'whatHappened', 'Resident (DOB 12/03/1941) fell.', 'Remove "12/03/1941": it looks like a date of birth'],
    ['an NHS number as the reference', 'personReference', '9434765919', 'Do not use an NHS number as the reference'],
    ['a date of birth as the reference', 'personReference', '12/03/1941', 'Do not use a date of birth in the reference'],
    ['a name as the reference', 'personReference', 'Margaret Thompson', 'The reference looks like a name'],
    ['a name as the initials', 'personInitials', 'Margaret', 'Enter initials only: 1 to 3 letters'],
  ])('refuses %s at its field, saying why', (_name, fieldName, value, message) => {
    const r = checkNotification('serious_injury', { ...VALID['serious_injury']!, [fieldName]: value }, TODAY);
    expect(r.ok).toBe(false);
    const problem = !r.ok ? r.error.find((e) => e.field === fieldName) : undefined;
    expect(problem?.message).toContain(message);
  });

  it('refuses the name of someone the service knows (its own staff), even without a title', () => {
    const r = checkNotification('police', { ...VALID['police']!, whatHappened: 'Rhona Smith called the police when the visitor shouted.' }, TODAY, ['Rhona Smith']);
    expect(!r.ok && r.error[0]!.message).toContain('Remove "Rhona Smith": it looks like a name');
    expect(checkNotification('police', { ...VALID['police']!, whatHappened: 'The deputy manager called the police when the visitor shouted.' }, TODAY, ['Rhona Smith']).ok).toBe(true);
  });

  describe('death of a registered provider', () => {
    const base = VALID['death_registered_provider']!;
    it('is one of CQC’s notification types with no regulation number guessed', () => {
      const t = notificationType('death_registered_provider')!;
      expect(t.regulation).toBeNull();
      expect(t.aboutPerson).toBe(false);
      expect(notificationBasis(t.regulation)).toBe("one of CQC's notification types (the regulation number is not yet confirmed)");
      expect(notificationBasis('16')).toBe('regulation 16 of the CQC (Registration) Regulations 2009');
    });

    it.each([
      ['a title and a full name', { registeredPersonName: 'Mrs Margaret Ashworth' }],
      ['the name of one of the service’s own staff', { registeredPersonName: 'Rhona Smith', carryingOnName: 'Rhona Smith’s executor, Mr Peter Smith' }],
      ['an email address as the contact', { carryingOnContact: 'peter.smith@example.org' }],
      ['the registered provider’s and the new carrier’s names repeated in the free text', { whatHappened: 'Dr Harold Ashworth died in hospital; Eleanor Ashworth now runs the home.' }],
      ['no free text (it is optional)', { whatHappened: '' }],
    ])('accepts %s in the fields meant for it', (_name, over) => {
      const r = checkNotification('death_registered_provider', { ...base, ...over }, TODAY, ['Rhona Smith']);
      expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    });

    it.each([
      ['a person using the service named in the free text', 'Mrs Margaret Thompson, a resident, was told first.', 'Remove "Mrs Margaret Thompson": it looks like a name'],
      ['a member of staff named in the free text', 'Rhona Smith is in charge day to day.', 'Remove "Rhona Smith": it looks like a name'],
      ['an NHS number in the free text', 'Resident 943 476 5919 has moved out.', 'Remove "943 476 5919": it looks like an NHS number'],
      ['a date of birth in the free text', 'Born 12/03/1941.', 'Remove "12/03/1941": it looks like a date of birth'],
    ])('still refuses %s', (_name, whatHappened, message) => {
      const r = checkNotification('death_registered_provider', { ...base, whatHappened }, TODAY, ['Rhona Smith']);
      expect(!r.ok && r.error.map((e) => e.field)).toEqual(['whatHappened']);
      expect(!r.ok && r.error[0]!.message).toContain(message);
    });

    it('refuses a date of death in the future and free text over 1,500 characters', () => {
      expect(!checkNotification('death_registered_provider', { ...base, eventDate: '2026-03-05' }, TODAY).ok).toBe(true);
      const long = checkNotification('death_registered_provider', { ...base, whatHappened: 'The home continues. '.repeat(80) }, TODAY);
      expect(!long.ok && long.error[0]!.message).toContain('must be 1,500 characters or fewer');
    });
  });

  it('keeps only the type’s own fields and the person’s reference, band and initials', () => {
    const r = checkNotification('serious_injury', { ...VALID['serious_injury']!, personName: 'Margaret Thompson', nhsNumber: '9434765919' }, TODAY);
    expect(r.ok && Object.keys(r.value.details).sort()).toEqual(['eventDate', 'injuryCategories', 'personAgeBand', 'personInitials', 'personReference', 'whatHappened']);
    expect(r.ok && r.value.details['personInitials']).toBe('MT');
  });

  it('refuses a future event, but not a planned absence of the registered manager', () => {
    expect(checkNotification('death', { ...VALID['death']!, eventDate: '2026-03-05' }, TODAY).ok).toBe(false);
    expect(checkNotification('manager_absence', { ...VALID['manager_absence']!, eventDate: '2026-04-01', expectedReturn: '2026-03-20' }, TODAY).ok).toBe(false);
    expect(checkNotification('manager_absence', { ...VALID['manager_absence']!, eventDate: '2026-04-01', expectedReturn: '' }, TODAY).ok).toBe(true);
  });
});

describe('triage priority from type and content', () => {
  const prio = (type: string, over: NotificationInput = {}) => {
    const r = checkNotification(type, { ...VALID[type]!, ...over }, TODAY);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return triagePriority(r.value.type, r.value.details);
  };
  it.each([
    ['death', 'urgent', false],
    ['abuse', 'urgent', false],
    ['serious_injury', 'urgent', false],
    ['police', 'high', false],
    ['service_disruption', 'high', false],
    ['dols', 'routine', false],
    ['manager_absence', 'routine', false],
    ['registered_details_change', 'routine', false],
    ['death_registered_provider', 'high', false],
  ] as const)('%s starts as %s', (type, priority, flagged) => {
    const p = prio(type);
    expect(p.priority).toBe(priority);
    expect(p.riskFlagged).toBe(flagged);
  });

  it('a risk phrase in the text flags it and makes a routine or high one urgent, saying which words', () => {
    const p = prio('service_disruption', { whatHappened: 'Two staff off sick: residents were left alone for hours and the home is unsafe.' });
    expect(p).toMatchObject({ priority: 'urgent', riskFlagged: true });
    expect(p.explanation).toContain('"left alone for hours"');
    expect(p.explanation).toContain('"unsafe"');
    const change = prio('registered_details_change', { changeDetails: 'The new owner says staff who complain will be harmed.' });
    expect(change).toMatchObject({ priority: 'urgent', riskFlagged: true });
  });
});
