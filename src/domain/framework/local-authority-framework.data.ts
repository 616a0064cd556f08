/**
 * Local authority (Care Act) assessments: nine quality statements in four themes (domain.md 1.2).
 * The overall rating is the sum of the nine scores over 36, banded like a key question (1.4).
 */
export const LA_THEMES = ['workingWithPeople', 'providingSupport', 'ensuringSafety', 'leadership'] as const;
export type LaTheme = (typeof LA_THEMES)[number];

export const LA_THEME_NAMES: Readonly<Record<LaTheme, string>> = {
  workingWithPeople: 'Working with people',
  providingSupport: 'Providing support',
  ensuringSafety: 'Ensuring safety',
  leadership: 'Leadership',
};

export const LA_STATEMENT_CODES = ['QS1', 'QS2', 'QS3', 'QS4', 'QS5', 'QS6', 'QS7', 'QS8', 'QS9'] as const;
export type LaStatementCode = (typeof LA_STATEMENT_CODES)[number];

export interface LaQualityStatement {
  code: LaStatementCode;
  theme: LaTheme;
  name: string;
}

export const LA_QUALITY_STATEMENTS: readonly LaQualityStatement[] = [
  { code: 'QS1', theme: 'workingWithPeople', name: 'Assessing needs' },
  { code: 'QS2', theme: 'workingWithPeople', name: 'Supporting people to live healthier lives' },
  { code: 'QS3', theme: 'workingWithPeople', name: 'Equity in experience and outcomes' },
  { code: 'QS4', theme: 'providingSupport', name: 'Care provision, integration and continuity' },
  { code: 'QS5', theme: 'providingSupport', name: 'Partnerships and communities' },
  { code: 'QS6', theme: 'ensuringSafety', name: 'Safe pathways, systems and transitions' },
  { code: 'QS7', theme: 'ensuringSafety', name: 'Safeguarding' },
  { code: 'QS8', theme: 'leadership', name: 'Governance, management and sustainability' },
  { code: 'QS9', theme: 'leadership', name: 'Learning, improvement and innovation' },
];
