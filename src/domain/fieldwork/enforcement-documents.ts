/**
 * Enforcement documents generated from templates: plain text filled from the action, the
 * breach and the deadlines the rules engine computed. Versioned, so a stored document says
 * which template made it.
 */
import { formatLongDate } from '../deadlines/calendar-date.js';
import { describeRegulation } from '../framework/regulations.data.js';
import type { DocumentKind } from './enforcement-workflow.js';

export const DOCUMENT_TEMPLATE_VERSION = 'enforcement-documents/1';

export interface DocumentFacts {
  providerName: string;
  subjectName: string;
  reference: string;
  date: string;
  breach: { regulation: string; paragraph: string | null; description: string } | null;
  complianceDate: string | null;
  deadlines: { title: string; due: string }[];
  decision?: string | null;
  decisionReason?: string | null;
  compliance?: { decision: string; evidence: string; nextStep: string | null } | null;
  signedBy: string;
}

const TITLES: Record<DocumentKind, string> = {
  requirement_notice: 'Requirement notice',
  warning_notice: 'Warning notice under section 29 of the Health and Social Care Act 2008',
  notice_of_proposal: 'Notice of proposal',
  notice_of_decision: 'Notice of decision',
  decision_letter: 'Decision on the warning notice',
  urgent_notice: 'Notice of urgent action under section 31 of the Health and Social Care Act 2008',
  letter_of_intent: 'Letter of intent',
  special_measures_letter: 'Special measures',
  compliance_letter: 'Compliance with the notice',
  prosecution_letter: 'Decision to prosecute',
};

function breachLines(f: DocumentFacts): string[] {
  if (!f.breach) return [];
  const where = f.breach.paragraph ? `${describeRegulation(f.breach.regulation)}, ${f.breach.paragraph}` : describeRegulation(f.breach.regulation);
  return [`The requirement not being met: ${where} of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014.`, '', 'How the requirement is not being met:', f.breach.description];
}

function deadlineLines(f: DocumentFacts): string[] {
  return f.deadlines.map((d) => `${d.title}: by ${formatLongDate(d.due)}.`);
}

export function documentTitle(kind: DocumentKind): string {
  return TITLES[kind];
}

export function renderEnforcementDocument(kind: DocumentKind, f: DocumentFacts): { title: string; body: string; templateVersion: string } {
  const head = [`${TITLES[kind]}`, `To: ${f.providerName}`, `Regarding: ${f.subjectName} (inspection ${f.reference})`, `Date: ${formatLongDate(f.date)}`, ''];
  let body: string[];
  switch (kind) {
    case 'warning_notice':
      body = [
        ...breachLines(f),
        '',
        f.complianceDate ? `You must become compliant with this requirement by ${formatLongDate(f.complianceDate)}.` : 'You must become compliant with this requirement.',
        ...deadlineLines(f),
        'You may make representations about this notice. There is no right of appeal to the First-tier Tribunal against a warning notice.',
        'If you do not comply we may take further action.',
      ];
      break;
    case 'requirement_notice':
      body = [...breachLines(f), '', 'Send us a report saying what action you will take to meet this requirement.', ...deadlineLines(f)];
      break;
    case 'notice_of_proposal':
      body = [...breachLines(f), '', 'We propose to take the action described in this notice.', ...deadlineLines(f)];
      break;
    case 'notice_of_decision':
      body = [...breachLines(f), '', 'We have decided to take the action set out in the notice of proposal.', ...deadlineLines(f)];
      break;
    case 'decision_letter':
      body = [`Decision: the warning notice is ${f.decision ?? 'upheld'}.`, f.decisionReason ? `Reasons: ${f.decisionReason}` : ''];
      break;
    case 'urgent_notice':
      body = [...breachLines(f), '', 'We are taking urgent action because a person will or may be exposed to the risk of harm. The action has effect immediately.'];
      break;
    case 'letter_of_intent':
      body = [...breachLines(f), '', 'Give us your assurance and an action plan showing how you will remove the risk.', ...deadlineLines(f)];
      break;
    case 'compliance_letter':
      body = [
        ...breachLines(f),
        '',
        f.complianceDate ? `You had to comply with this requirement by ${formatLongDate(f.complianceDate)}.` : '',
        `Our decision: ${f.compliance?.decision ?? ''}.`,
        f.compliance?.evidence ? `What we found: ${f.compliance.evidence}` : '',
        f.compliance?.nextStep ? `Next step: ${f.compliance.nextStep}` : '',
      ];
      break;
    case 'prosecution_letter':
      body = [...breachLines(f), '', 'We have decided to bring criminal proceedings for this breach. You will be told the date of the first court hearing.'];
      break;
    case 'special_measures_letter':
      body = ['The service is placed in special measures. We will inspect again within about 6 months.'];
      break;
  }
  return { title: TITLES[kind], body: [...head, ...body, '', f.signedBy].join('\n'), templateVersion: DOCUMENT_TEMPLATE_VERSION };
}
