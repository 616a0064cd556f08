import { describe, expect, it } from 'vitest';
import { knownDeviceKeepsPass, pairDelayMs, signInWaitMs, waitInWords, type SignInFailureFacts } from './sign-in-throttle.js';

const now = new Date('2026-12-06T10:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const none: SignInFailureFacts = { pairFailures: 0, lastPairFailureAt: null, sourceFailures: 0, lastSourceFailureAt: null, emailFailures: 0, lastEmailFailureAt: null, deviceFailures: 0 };

describe('sign-in throttle', () => {
  it.each([
    [0, 0],
    [3, 0],
    [4, 30_000],
    [5, 60_000],
    [6, 120_000],
    [8, 480_000],
    [9, 900_000],
    [50, 900_000],
  ])('after %i failures of one email from one source the wait is %i ms', (failures, expected) => {
    expect(pairDelayMs(failures)).toBe(expected);
  });

  it.each<[string, Partial<SignInFailureFacts>, number]>([
    ['no failures: no wait', {}, 0],
    ['4 failures, the last 10 s ago: 20 s left', { pairFailures: 4, lastPairFailureAt: ago(10) }, 20_000],
    ['4 failures, the last 40 s ago: no wait', { pairFailures: 4, lastPairFailureAt: ago(40) }, 0],
    ['30 failures from the source against any account: 15 minutes from the last', { sourceFailures: 30, lastSourceFailureAt: ago(60) }, 840_000],
    ['100 failures of the email from everywhere: 15 minutes from the last', { emailFailures: 100, lastEmailFailureAt: ago(0) }, 900_000],
    ['99 failures of the email from everywhere: no wait yet', { emailFailures: 99, lastEmailFailureAt: ago(0) }, 0],
  ])('%s', (_name, facts, expected) => {
    expect(signInWaitMs({ ...none, ...facts }, now)).toBe(expected);
  });

  it.each([
    [true, 0, true],
    [true, 19, true],
    [true, 20, false],
    [false, 0, false],
  ])('a known device (%s) with %i failures of its own keeps its pass: %s', (known, deviceFailures, expected) => {
    expect(knownDeviceKeepsPass({ ...none, deviceFailures, pairFailures: 99, lastPairFailureAt: now }, known)).toBe(expected);
  });

  it.each([
    [500, '1 second'],
    [30_000, '30 seconds'],
    [60_000, '1 minute'],
    [61_000, '2 minutes'],
    [900_000, '15 minutes'],
  ])('%i ms reads "%s"', (ms, words) => {
    expect(waitInWords(ms)).toBe(words);
  });
});
