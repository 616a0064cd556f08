/**
 * Provider information return questions (issue 19, item 2) as versioned data, grouped by key
 * question. Free text is limited to 500 words where CQC limits it (domain.md 5: the adult social
 * care PIR's 500-word free text). A new set of questions is a new version; a return keeps the
 * version it was requested with.
 */
import type { KeyQuestion } from '../vocabulary/key-questions.js';

export const QUESTION_SET_VERSION = 'pir-asc/1';
export const FREE_TEXT_MAX_WORDS = 500;

export type QuestionKind = 'number' | 'choice' | 'text';

export interface ReturnQuestion {
  id: string;
  keyQuestion: KeyQuestion;
  text: string;
  hint?: string;
  kind: QuestionKind;
  options?: readonly { value: string; text: string }[];
  /** For number questions. */
  min?: number;
  max?: number;
}

const yesNo = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

export const QUESTION_SETS: Record<string, readonly ReturnQuestion[]> = {
  'pir-asc/1': [
    { id: 'people_supported', keyQuestion: 'safe', text: 'How many people are using the service today?', kind: 'number', min: 0, max: 10000 },
    { id: 'falls_12m', keyQuestion: 'safe', text: 'How many falls were there in the last 12 months?', kind: 'number', min: 0, max: 100000 },
    { id: 'safeguarding_12m', keyQuestion: 'safe', text: 'How many safeguarding concerns did you raise with the local authority in the last 12 months?', kind: 'number', min: 0, max: 100000 },
    { id: 'safe_text', keyQuestion: 'safe', text: 'What do you do to keep people safe, and what have you improved in the last 12 months?', hint: 'Up to 500 words.', kind: 'text' },
    { id: 'dols_applications', keyQuestion: 'effective', text: 'How many Deprivation of Liberty Safeguards applications are awaiting a decision?', kind: 'number', min: 0, max: 10000 },
    { id: 'training_compliance', keyQuestion: 'effective', text: 'What percentage of staff are up to date with mandatory training?', kind: 'number', min: 0, max: 100 },
    { id: 'caring_text', keyQuestion: 'caring', text: 'How do you make sure people are treated with kindness, respect and dignity?', hint: 'Up to 500 words.', kind: 'text' },
    { id: 'complaints_12m', keyQuestion: 'responsive', text: 'How many complaints did you receive in the last 12 months?', kind: 'number', min: 0, max: 100000 },
    { id: 'end_of_life_plans', keyQuestion: 'responsive', text: 'Does everyone who wants one have an end of life care plan?', kind: 'choice', options: yesNo },
    { id: 'registered_manager_in_post', keyQuestion: 'wellLed', text: 'Is there a registered manager in post?', kind: 'choice', options: yesNo },
    { id: 'staff_turnover', keyQuestion: 'wellLed', text: 'What percentage of care staff left in the last 12 months?', kind: 'number', min: 0, max: 100 },
    { id: 'well_led_text', keyQuestion: 'wellLed', text: 'How do you check the quality of the service, and what did it lead you to change?', hint: 'Up to 500 words.', kind: 'text' },
  ],
};

export function questionSet(version: string): readonly ReturnQuestion[] {
  const set = QUESTION_SETS[version];
  if (!set) throw new Error(`no question set ${version}`);
  return set;
}
