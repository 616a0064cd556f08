/**
 * Checking a "Give feedback on care" form: plain values in, either a clean submission or the
 * field errors (GOV.UK wording, naming the field). No I/O: today's date comes as an argument.
 */
import { err, ok, type Result } from '../shared/result.js';

export const FEEDBACK_TEXT_MAX = 5000;

export interface FeedbackForm {
  submittedAs: string;
  groupId: string;
  whatHappened: string;
  day: string;
  month: string;
  year: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  mayContact: string;
  /** The honeypot: people never see it, so it stays empty. */
  website: string;
}

export interface CleanFeedback {
  submittedAs: 'myself' | 'someone_else' | 'patient_participation_group';
  groupId: string | null;
  whatHappened: string;
  happenedOn: string;
  happenedPrecision: 'day' | 'month';
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  mayContact: boolean;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** @param today YYYY-MM-DD */
export function checkFeedbackForm(form: FeedbackForm, today: string, groupIds: readonly string[]): Result<CleanFeedback, FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const submittedAs = form.submittedAs;
  if (submittedAs !== 'myself' && submittedAs !== 'someone_else' && submittedAs !== 'patient_participation_group') {
    problems.push({ field: 'submittedAs', message: 'Select who you are giving feedback for' });
  }
  let groupId: string | null = null;
  if (submittedAs === 'patient_participation_group') {
    if (!groupIds.includes(form.groupId)) problems.push({ field: 'groupId', message: 'Select your patient participation group' });
    else groupId = form.groupId;
  }
  const text = form.whatHappened.trim();
  if (!text) problems.push({ field: 'whatHappened', message: 'Enter what happened' });
  else if (text.length > FEEDBACK_TEXT_MAX) problems.push({ field: 'whatHappened', message: `What happened must be ${FEEDBACK_TEXT_MAX.toLocaleString('en-GB')} characters or fewer` });

  let happenedOn = '';
  let precision: 'day' | 'month' = 'month';
  const day = form.day.trim();
  const month = form.month.trim();
  const year = form.year.trim();
  if (!month && !year && !day) problems.push({ field: 'when-month', message: 'Enter when it happened, at least the month and year' });
  else if (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12) problems.push({ field: 'when-month', message: 'When it happened must include a month from 1 to 12' });
  else if (!/^\d{4}$/.test(year)) problems.push({ field: 'when-year', message: 'Year must include 4 numbers' });
  else {
    const y = Number(year);
    const m = Number(month);
    if (day && (!/^\d{1,2}$/.test(day) || Number(day) < 1 || Number(day) > daysInMonth(y, m))) problems.push({ field: 'when-day', message: 'When it happened must be a real date' });
    else {
      precision = day ? 'day' : 'month';
      happenedOn = `${year}-${String(m).padStart(2, '0')}-${String(day ? Number(day) : 1).padStart(2, '0')}`;
      if (happenedOn > today) problems.push({ field: day ? 'when-day' : 'when-month', message: 'When it happened must be today or in the past' });
      else if (y < 1950) problems.push({ field: 'when-year', message: 'Year must be 1950 or later' });
    }
  }

  const email = form.contactEmail.trim();
  if (email && (!EMAIL.test(email) || email.length > 254)) problems.push({ field: 'contactEmail', message: 'Enter an email address in the correct format, like name@example.com' });
  const phone = form.contactPhone.trim();
  if (phone && !/^[+\d][\d\s()-]{6,20}$/.test(phone)) problems.push({ field: 'contactPhone', message: 'Enter a telephone number, like 01632 960 001 or 07700 900 982' });
  const name = form.contactName.trim();
  if (name.length > 200) problems.push({ field: 'contactName', message: 'Your name must be 200 characters or fewer' });
  const mayContact = form.mayContact === 'yes';
  if (mayContact && !email && !phone) problems.push({ field: 'contactEmail', message: 'Enter an email address or telephone number so we can contact you, or say we may not contact you' });
  if (submittedAs === 'patient_participation_group' && !name) problems.push({ field: 'contactName', message: 'Enter the name of the group member sending this feedback' });

  if (problems.length) return err(problems);
  return ok({
    submittedAs: submittedAs as CleanFeedback['submittedAs'],
    groupId,
    whatHappened: text,
    happenedOn,
    happenedPrecision: precision,
    contactName: name || null,
    contactEmail: email || null,
    contactPhone: phone || null,
    mayContact,
  });
}

/** Abuse limits: generous enough for a household or a shared connection, refusing a flood. */
export const FEEDBACK_RATE_LIMIT = { version: 'feedback-rate/1', perHour: 10, perDay: 30 } as const;

export function rateLimitDecision(counts: { lastHour: number; lastDay: number }): { allowed: true } | { allowed: false; message: string; retryAfterSeconds: number } {
  if (counts.lastHour >= FEEDBACK_RATE_LIMIT.perHour || counts.lastDay >= FEEDBACK_RATE_LIMIT.perDay) {
    const hour = counts.lastHour >= FEEDBACK_RATE_LIMIT.perHour;
    return {
      allowed: false,
      retryAfterSeconds: hour ? 3600 : 86400,
      message: `A lot of feedback has been sent from your internet connection ${hour ? 'in the last hour' : 'today'}, so we have not sent this one, to protect the service from automated messages. Your feedback is still on this page: try again ${hour ? 'in an hour' : 'tomorrow'}, or phone us on 03000 616161.`,
    };
  }
  return { allowed: true };
}
