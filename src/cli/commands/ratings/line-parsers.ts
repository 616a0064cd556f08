/** Input line shapes for the ratings filters, validated into domain values. */
import { isBreachAction, BREACH_ACTIONS } from '../../../domain/enforcement/enforcement-powers.data.js';
import { KEY_QUESTIONS, parseKeyQuestion, type KeyQuestion } from '../../../domain/vocabulary/key-questions.js';
import type { Breach } from '../../../domain/rating/limiters.js';
import { WELL_LED_LIMITERS, type WellLedLimiter } from '../../../domain/rating/rating-principles.data.js';
import { parseRating, type RatingValue } from '../../../domain/vocabulary/ratings.js';
import { err, ok, type Result } from '../../../domain/shared/result.js';

export interface OverallLine {
  id: string;
  keyQuestions: Record<KeyQuestion, RatingValue | null>;
  breaches: Breach[];
  wellLedLimiters: WellLedLimiter[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseId(value: Record<string, unknown>): Result<string> {
  const id = value.id;
  if (typeof id === 'string' && id.trim() !== '') return ok(id);
  if (typeof id === 'number') return ok(String(id));
  return err('"id" is required (a string)');
}

export function parseObjectLine(value: unknown): Result<Record<string, unknown>> {
  return isObject(value) ? ok(value) : err('each line must be a JSON object');
}

function parseBreach(value: unknown, index: number): Result<Breach> {
  const where = `breaches[${index}]`;
  if (!isObject(value)) return err(`${where} must be an object`);
  const regulation = typeof value.regulation === 'number' ? String(value.regulation) : value.regulation;
  if (typeof regulation !== 'string' || regulation.trim() === '') return err(`${where}.regulation is required, e.g. "17"`);
  if (!isBreachAction(value.action)) return err(`${where}.action must be one of ${BREACH_ACTIONS.join(', ')}`);
  if (value.keyQuestion === undefined || value.keyQuestion === null) return ok({ regulation: regulation.trim(), action: value.action });
  const kq = typeof value.keyQuestion === 'string' ? parseKeyQuestion(value.keyQuestion) : null;
  if (!kq) return err(`${where}.keyQuestion must be one of ${KEY_QUESTIONS.join(', ')}`);
  return ok({ regulation: regulation.trim(), action: value.action, keyQuestion: kq });
}

export function parseOverallLine(raw: unknown): Result<OverallLine> {
  const object = parseObjectLine(raw);
  if (!object.ok) return object;
  const value = object.value;
  const id = parseId(value);
  if (!id.ok) return id;
  if (!isObject(value.keyQuestions)) return err('"keyQuestions" is required: an object with safe, effective, caring, responsive and wellLed');
  const keyQuestions = {} as Record<KeyQuestion, RatingValue | null>;
  for (const k of KEY_QUESTIONS) keyQuestions[k] = null;
  for (const [name, rating] of Object.entries(value.keyQuestions)) {
    const kq = parseKeyQuestion(name);
    if (!kq) return err(`keyQuestions: unknown key question "${name}" (expected ${KEY_QUESTIONS.join(', ')})`);
    const parsed = parseRating(rating);
    if (!parsed.ok) return err(`keyQuestions.${kq}: ${parsed.error}`);
    keyQuestions[kq] = parsed.value;
  }
  const breaches: Breach[] = [];
  if (value.breaches !== undefined && value.breaches !== null) {
    if (!Array.isArray(value.breaches)) return err('"breaches" must be an array');
    for (const [i, b] of value.breaches.entries()) {
      const parsed = parseBreach(b, i);
      if (!parsed.ok) return parsed;
      breaches.push(parsed.value);
    }
  }
  const wellLedLimiters: WellLedLimiter[] = [];
  if (value.wellLedLimiters !== undefined && value.wellLedLimiters !== null) {
    if (!Array.isArray(value.wellLedLimiters)) return err('"wellLedLimiters" must be an array');
    for (const l of value.wellLedLimiters) {
      if (!(WELL_LED_LIMITERS as readonly unknown[]).includes(l)) return err(`wellLedLimiters: unknown limiter ${JSON.stringify(l)} (expected ${WELL_LED_LIMITERS.join(', ')})`);
      wellLedLimiters.push(l as WellLedLimiter);
    }
  }
  return ok({ id: id.value, keyQuestions, breaches, wellLedLimiters });
}

export interface ScoresLine {
  id: string;
  keyQuestion?: KeyQuestion;
  scores: Record<string, unknown>;
}

export function parseScoresLine(raw: unknown, needsKeyQuestion: boolean): Result<ScoresLine> {
  const object = parseObjectLine(raw);
  if (!object.ok) return object;
  const value = object.value;
  const id = parseId(value);
  if (!id.ok) return id;
  if (!isObject(value.scores)) return err('"scores" is required: an object of quality statement code → score');
  if (!needsKeyQuestion) return ok({ id: id.value, scores: value.scores });
  const kq = typeof value.keyQuestion === 'string' ? parseKeyQuestion(value.keyQuestion) : null;
  if (!kq) return err(`"keyQuestion" must be one of ${KEY_QUESTIONS.join(', ')}`);
  return ok({ id: id.value, keyQuestion: kq, scores: value.scores });
}
