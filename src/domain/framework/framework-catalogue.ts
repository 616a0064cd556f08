/**
 * The assessment framework as one versioned catalogue. Everything that displays or computes
 * with the framework (rating methods, the "How we reach a rating" page) reads it from here.
 */
import { EVIDENCE_CATEGORY_DEFINITIONS, SERVICE_TYPE_EVIDENCE } from './evidence-categories.data.js';
import { KEY_QUESTION_DEFINITIONS } from '../vocabulary/key-questions.js';
import { LA_QUALITY_STATEMENTS, LA_THEME_NAMES } from './local-authority-framework.data.js';
import { QUALITY_STATEMENTS } from './quality-statements.data.js';
import { FUNDAMENTAL_STANDARDS, REGISTRATION_REGULATIONS, REGULATED_ACTIVITIES_REGULATIONS } from './regulations.data.js';

/** Bump when any catalogue entry changes; results and pages quote it. */
export const FRAMEWORK_VERSION = 'saf@2023-11-21';

export const FRAMEWORK_CATALOGUE = {
  version: FRAMEWORK_VERSION,
  keyQuestions: KEY_QUESTION_DEFINITIONS,
  qualityStatements: QUALITY_STATEMENTS,
  evidenceCategories: EVIDENCE_CATEGORY_DEFINITIONS,
  serviceTypeEvidence: SERVICE_TYPE_EVIDENCE,
  regulations: REGULATED_ACTIVITIES_REGULATIONS,
  fundamentalStandards: FUNDAMENTAL_STANDARDS,
  registrationRegulations: REGISTRATION_REGULATIONS,
  localAuthority: { themes: LA_THEME_NAMES, qualityStatements: LA_QUALITY_STATEMENTS },
} as const;
