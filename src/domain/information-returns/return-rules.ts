/** Checking an information return's answers, whether it is late, and what changed since the previous return. Pure. */
import { countWords } from '../rating-review/rating-review-rules.js';
import { err, ok, type Result } from '../shared/result.js';
import { FREE_TEXT_MAX_WORDS, type ReturnQuestion } from './return-questions.data.js';

export function checkAnswer(q: ReturnQuestion, raw: string): Result<string, string> {
  const value = raw.replace(/\r\n/g, '\n').trim();
  if (!value) return ok('');
  if (q.kind === 'number') {
    if (!/^\d+(\.\d+)?$/.test(value.replace(/,/g, ''))) return err(`Enter a number for "${q.text}"`);
    const n = Number(value.replace(/,/g, ''));
    if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return err(`"${q.text}" must be between ${q.min ?? 0} and ${q.max?.toLocaleString('en-GB')}`);
    return ok(String(n));
  }
  if (q.kind === 'choice') return (q.options ?? []).some((o) => o.value === value) ? ok(value) : err(`Choose an answer from the list for "${q.text}"`);
  const words = countWords(value);
  if (words > FREE_TEXT_MAX_WORDS) return err(`Your answer to "${q.text}" must be ${FREE_TEXT_MAX_WORDS} words or fewer: it has ${words} words`);
  if (value.length > 10_000) return err(`Your answer to "${q.text}" is too long`);
  return ok(value);
}

/** The questions still unanswered, in order: a return is submitted complete. */
export function unanswered(questions: readonly ReturnQuestion[], answers: ReadonlyMap<string, string>): ReturnQuestion[] {
  return questions.filter((q) => !(answers.get(q.id) ?? '').trim());
}

export function isLate(submittedAt: Date, dueBy: Date): boolean {
  return submittedAt.getTime() > dueBy.getTime();
}

export interface AnswerChange {
  question: ReturnQuestion;
  before: string | null;
  after: string;
}

/** What changed from the previous return (a question new to this set counts as changed). */
export function compareReturns(questions: readonly ReturnQuestion[], previous: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): AnswerChange[] {
  const out: AnswerChange[] = [];
  for (const q of questions) {
    const before = previous.has(q.id) ? previous.get(q.id)! : null;
    const after = current.get(q.id) ?? '';
    if (before !== after) out.push({ question: q, before, after });
  }
  return out;
}
