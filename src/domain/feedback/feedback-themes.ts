/**
 * Themes for triage: which parts of people's experience a piece of feedback is about, so an
 * inspector can group feedback like it. Keyword rules as versioned data; a piece may have
 * several themes or none.
 */
export const THEME_RULE_VERSION = 'feedback-themes/1';

export const FEEDBACK_THEMES = ['phone access', 'appointments', 'staff attitude', 'communication', 'clinical care', 'prescriptions', 'complaints handling'] as const;
export type FeedbackTheme = (typeof FEEDBACK_THEMES)[number];

const THEME_WORDS: Record<FeedbackTheme, readonly string[]> = {
  'phone access': ['phone', 'phoned', 'telephone', 'call', 'calls', 'called', 'calling', 'queue', 'line', 'engaged', 'on hold'],
  appointments: ['appointment', 'appointments', 'booking', 'booked', 'book', 'wait', 'waiting', 'waited', 'slot', 'slots', 'same day'],
  'staff attitude': ['rude', 'rudeness', 'friendly', 'kind', 'kindness', 'helpful', 'unhelpful', 'polite', 'receptionist', 'receptionists', 'reception', 'attitude', 'caring', 'respect'],
  communication: ['listened', 'listen', 'explained', 'explain', 'informed', 'told', 'communication', 'letter', 'text message', 'email', 'respond', 'responded', 'response', 'reply', 'replied'],
  'clinical care': ['doctor', 'doctors', 'gp', 'nurse', 'nurses', 'diagnosis', 'treatment', 'examined', 'referral', 'referred', 'medication', 'test results'],
  prescriptions: ['prescription', 'prescriptions', 'repeat', 'pharmacy', 'medication', 'medicine'],
  'complaints handling': ['complaint', 'complaints', 'complained', 'practice manager', 'concern', 'concerns', 'ignored', 'no response', 'never heard back'],
};

const COMPILED = (Object.entries(THEME_WORDS) as [FeedbackTheme, readonly string[]][]).map(([theme, words]) => ({
  theme,
  re: new RegExp(`(?<![\\p{L}\\p{N}])(${words.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'iu'),
}));

export function feedbackThemes(text: string): FeedbackTheme[] {
  return COMPILED.filter((c) => c.re.test(text)).map((c) => c.theme);
}
