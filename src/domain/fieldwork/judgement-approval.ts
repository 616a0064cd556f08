/**
 * The inspection manager approves the proposed ratings, or departs from the principles with a
 * reason (allowed for the extent and impact of concerns and confidence in the provider,
 * domain.md 1.6). A departure is recorded in the explanation, so the report shows it.
 */
import { parseKeyQuestion, type KeyQuestion } from '../vocabulary/key-questions.js';
import { parseRating, type RatingValue } from '../vocabulary/ratings.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Proposal } from './judgement-proposal.js';

export type RatingSubject = KeyQuestion | 'overall';

export interface Departure {
  subject: string;
  rating: string;
  reason: string;
}

export interface ApprovedRating {
  subject: RatingSubject;
  proposedRating: RatingValue;
  rating: RatingValue;
  departureReason: string | null;
  explanation: string[];
  percentage: number | null;
}

export function parseSubject(value: string): RatingSubject | null {
  if (value.trim().toLowerCase() === 'overall') return 'overall';
  return parseKeyQuestion(value);
}

export function applyDepartures(proposal: Proposal, departures: readonly Departure[]): Result<ApprovedRating[], { field: string; message: string }[]> {
  const problems: { field: string; message: string }[] = [];
  const rows: ApprovedRating[] = [
    ...proposal.keyQuestions.map((k) => ({ subject: k.keyQuestion as RatingSubject, proposedRating: k.rating, rating: k.rating, departureReason: null as string | null, explanation: [...k.explanation], percentage: k.percentage })),
    { subject: 'overall', proposedRating: proposal.overall.rating, rating: proposal.overall.rating, departureReason: null, explanation: [...proposal.overall.explanation], percentage: null },
  ];
  const seen = new Set<string>();
  departures.forEach((d, i) => {
    const subject = parseSubject(d.subject);
    const rating = parseRating(d.rating);
    if (!subject) return void problems.push({ field: `departures[${i}].subject`, message: `Departure ${i + 1}: choose a key question or overall` });
    if (seen.has(subject)) return void problems.push({ field: `departures[${i}].subject`, message: `Departure ${i + 1}: only one departure per rating` });
    seen.add(subject);
    if (!rating.ok || rating.value === null) return void problems.push({ field: `departures[${i}].rating`, message: `Departure ${i + 1}: choose the rating to approve` });
    if (!d.reason || d.reason.trim().length < 10) return void problems.push({ field: `departures[${i}].reason`, message: `Departure ${i + 1}: give the reason for departing from the principles (at least 10 characters)` });
    const row = rows.find((r) => r.subject === subject)!;
    if (row.proposedRating === rating.value) return void problems.push({ field: `departures[${i}].rating`, message: `Departure ${i + 1}: ${rating.value} is what the rules propose, so it is not a departure` });
    row.rating = rating.value;
    row.departureReason = d.reason.trim();
    row.explanation.push(`Departure from the principles: the rules propose ${row.proposedRating}; the inspection manager approved ${rating.value}. Reason: ${d.reason.trim()}`);
  });
  if (problems.length) return err(problems);
  return ok(rows);
}
