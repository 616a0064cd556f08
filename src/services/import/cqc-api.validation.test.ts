import { describe, expect, it } from 'vitest';
import { apiRecordProblem, LOCATION_FIELD_TYPES, PROVIDER_FIELD_TYPES } from './cqc-api.validation.js';
import { progressLine } from './import-run.js';

const base = { locationId: '1-1', name: 'A  Surgery', registrationDate: '2013-04-01', numberOfBeds: 0, onspdLatitude: 53.5 };

describe('a CQC API record is stored whole or rejected with the field and the reason', () => {
  it.each([
    ['a real-shaped record', {}, null],
    ['nulls and blanks', { postalAddressLine2: null, deregistrationDate: '', website: null }, null],
    ['DD/MM/YYYY dates', { registrationDate: '01/04/2013' }, null],
    ['a rating in the other casing', { currentRatings: { overall: { rating: 'Requires Improvement' } } }, null],
    ['a "not rated" wording', { currentRatings: { overall: { rating: 'Inspected but not rated' } } }, null],
    ['a bad date', { registrationDate: 'not-a-date' }, 'registrationDate "not-a-date" is not a date'],
    ['an impossible date', { deregistrationDate: '2023-02-30' }, 'deregistrationDate "2023-02-30" is not a date'],
    ['a numeric name', { name: 12345 }, "name is a whole number; CQC's schema has text"],
    ['a name of 300 characters', { name: 'é'.repeat(300) }, null],
    ['a name too long to store', { name: 'A'.repeat(1400) }, 'name is 1,400 characters long; the register stores names of up to 300 characters'],
    ['beds as text', { numberOfBeds: 'twelve' }, "numberOfBeds is text; CQC's schema has a whole number"],
    ['a position as text', { onspdLatitude: '53.5' }, "onspdLatitude is text; CQC's schema has a number"],
    ['an unknown overall rating', { currentRatings: { overall: { rating: 'Superb' } } }, /^currentRatings\.overall\.rating "Superb" is not a CQC rating/],
    ['an unknown key question rating', { currentRatings: { overall: { rating: 'Good', keyQuestionRatings: [{ name: 'Safe', rating: 'OK' }] } } }, /^currentRatings\.overall\.keyQuestionRatings\[0\]\.rating "OK"/],
    ['an unknown historic rating', { historicRatings: [{ reportDate: '2019-01-01', overall: { rating: 'Great' } }] }, /^historicRatings\[0\]\.overall\.rating "Great"/],
    ['a bad report date', { reports: [{ linkId: 'x', reportDate: 'soon' }] }, 'reports[0].reportDate "soon" is not a date'],
    ['ratings that are not an object', { currentRatings: [] }, "currentRatings is a list; CQC's schema has an object"],
  ])('%s', (_label, over, expected) => {
    const problem = apiRecordProblem({ ...base, ...over }, LOCATION_FIELD_TYPES);
    if (expected === null) expect(problem).toBeNull();
    else if (expected instanceof RegExp) expect(problem).toMatch(expected);
    else expect(problem).toBe(expected);
  });

  it('checks provider records against the provider schema', () => {
    expect(apiRecordProblem({ providerId: '1-2', name: 'P', locationIds: '1-1' }, PROVIDER_FIELD_TYPES)).toBe("locationIds is text; CQC's schema has a list");
  });
});

describe('the progress line', () => {
  const counts = { read: 30_000, inserted: 0, updated: 0, unchanged: 0, rejected: 12 };
  it('shows a bar, the rate and the time left when the size is known', () => {
    expect(progressLine('cqc-locations', counts, 10, 0.25, 8)).toBe('cqc-locations  [##......] 25%  30,000 read  12 rejected  3,000/s  about 30s left');
    expect(progressLine('cqc-locations', counts, 600, 0.5, 8)).toContain('about 10m 00s left');
  });
  it('shows the count and rate alone when the size is not known', () => {
    expect(progressLine('gp-patient-survey', counts, 10, undefined)).toBe('gp-patient-survey  30,000 read  12 rejected  3,000/s');
  });
});
