import type { KeyQuestion } from '../vocabulary/key-questions.js';

/**
 * The 34 quality statements of the Single Assessment Framework (domain.md 1.2).
 * The codes S1…W8 are a third-party convention: CQC publishes no official codes (UNVERIFIED).
 */
export interface QualityStatement {
  code: string;
  keyQuestion: KeyQuestion;
  name: string;
  note?: string;
}

const s = (code: string, keyQuestion: KeyQuestion, name: string, note?: string): QualityStatement => (note ? { code, keyQuestion, name, note } : { code, keyQuestion, name });

export const QUALITY_STATEMENTS: readonly QualityStatement[] = [
  s('S1', 'safe', 'Learning culture', 'The Richards review calls it "Safety learning culture".'),
  s('S2', 'safe', 'Safe systems, pathways and transitions'),
  s('S3', 'safe', 'Safeguarding'),
  s('S4', 'safe', 'Involving people to manage risks'),
  s('S5', 'safe', 'Safe environments'),
  s('S6', 'safe', 'Safe and effective staffing'),
  s('S7', 'safe', 'Infection prevention and control'),
  s('S8', 'safe', 'Medicines optimisation'),
  s('E1', 'effective', 'Assessing needs'),
  s('E2', 'effective', 'Delivering evidence-based care and treatment'),
  s('E3', 'effective', 'How staff, teams and services work together'),
  s('E4', 'effective', 'Supporting people to live healthier lives'),
  s('E5', 'effective', 'Monitoring and improving outcomes'),
  s('E6', 'effective', 'Consent to care and treatment'),
  s('C1', 'caring', 'Kindness, compassion and dignity'),
  s('C2', 'caring', 'Treating people as individuals'),
  s('C3', 'caring', 'Independence, choice and control'),
  s('C4', 'caring', "Responding to people's immediate needs"),
  s('C5', 'caring', 'Workforce wellbeing and enablement'),
  s('R1', 'responsive', 'Person-centred care'),
  s('R2', 'responsive', 'Care provision, integration and continuity'),
  s('R3', 'responsive', 'Providing information'),
  s('R4', 'responsive', 'Listening to and involving people'),
  s('R5', 'responsive', 'Equity in access'),
  s('R6', 'responsive', 'Equity in experiences and outcomes'),
  s('R7', 'responsive', 'Planning for the future'),
  s('W1', 'wellLed', 'Shared direction and culture'),
  s('W2', 'wellLed', 'Capable, compassionate and inclusive leaders'),
  s('W3', 'wellLed', 'Freedom to speak up'),
  s('W4', 'wellLed', 'Workforce equality, diversity and inclusion'),
  s('W5', 'wellLed', 'Governance, management and sustainability'),
  s('W6', 'wellLed', 'Partnerships and communities'),
  s('W7', 'wellLed', 'Learning, improvement and innovation'),
  s('W8', 'wellLed', 'Environmental sustainability – sustainable development'),
];

export function qualityStatement(code: string): QualityStatement | undefined {
  return QUALITY_STATEMENTS.find((q) => q.code === code.trim().toUpperCase());
}

export function statementsFor(keyQuestion: KeyQuestion): QualityStatement[] {
  return QUALITY_STATEMENTS.filter((q) => q.keyQuestion === keyQuestion);
}
