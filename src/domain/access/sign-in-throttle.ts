/**
 * Failed sign-in throttling (issue 14, item 9). Failures count per email AND source together, so
 * nobody can lock someone else out from another address: each failure past the first few makes the
 * next attempt from that pair wait longer (growing delays, capped). A source that fails against
 * many accounts, or an email failed from very many sources, is slowed down too, but a correct
 * password from a device the person has signed in from before always gets through.
 * Pure: the service gives the counts and times.
 */

/** Failures from one email and source allowed before any wait. */
export const FREE_FAILURES_PER_PAIR = 4;
/** The first wait, then doubled for each further failure. */
export const FIRST_DELAY_MS = 30 * 1000;
/** No wait is ever longer than this. */
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** How far back failures of a pair count (since that pair's last success). */
export const PAIR_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Password spraying: failures from one source against any account in the window below. */
export const MAX_FAILURES_PER_SOURCE = 30;
/** Guessing one account from very many sources, in the window below. */
export const MAX_FAILURES_PER_EMAIL = 100;
export const WIDE_WINDOW_MS = 15 * 60 * 1000;
/**
 * A known device loses its pass after this many failures of its own within PAIR_WINDOW_MS (a stolen
 * device cookie cannot be used to guess the password at full speed; only the device's holder can
 * spend this allowance).
 */
export const MAX_KNOWN_DEVICE_FAILURES = 20;

export interface SignInFailureFacts {
  /** Failures of this email from this source within PAIR_WINDOW_MS, since its last success there. */
  pairFailures: number;
  lastPairFailureAt: Date | null;
  /** Failures from this source (any email) within WIDE_WINDOW_MS. */
  sourceFailures: number;
  lastSourceFailureAt: Date | null;
  /** Failures of this email (any source) within WIDE_WINDOW_MS, since its last success. */
  emailFailures: number;
  lastEmailFailureAt: Date | null;
  /** Failures of this email from this very device (known devices only) within PAIR_WINDOW_MS. */
  deviceFailures: number;
}

/** The wait after n failures of one email from one source (0 while still free). */
export function pairDelayMs(failures: number): number {
  if (failures < FREE_FAILURES_PER_PAIR) return 0;
  const doublings = failures - FREE_FAILURES_PER_PAIR;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(doublings, 20));
}

/**
 * A device the person has signed in from before keeps its pass (a correct password from it is
 * never refused, whatever others have tried) until it has failed too often itself.
 */
export function knownDeviceKeepsPass(facts: SignInFailureFacts, knownDevice: boolean): boolean {
  return knownDevice && facts.deviceFailures < MAX_KNOWN_DEVICE_FAILURES;
}

/**
 * How long the person must still wait before a password from an unknown device is even checked
 * (0: check it now). Failures of other sources never make this wait grow, except the wide limits.
 */
export function signInWaitMs(facts: SignInFailureFacts, now: Date): number {
  const until = (last: Date | null, delay: number) => (last && delay > 0 ? Math.max(0, last.getTime() + delay - now.getTime()) : 0);
  const pair = until(facts.lastPairFailureAt, pairDelayMs(facts.pairFailures));
  const source = facts.sourceFailures >= MAX_FAILURES_PER_SOURCE ? until(facts.lastSourceFailureAt, WIDE_WINDOW_MS) : 0;
  const email = facts.emailFailures >= MAX_FAILURES_PER_EMAIL ? until(facts.lastEmailFailureAt, WIDE_WINDOW_MS) : 0;
  return Math.max(pair, source, email);
}

/** "Wait 30 seconds", "Wait 2 minutes", in words for the sign-in page. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
