/**
 * The report document: one view-model for the published web page and the PDF (both render
 * reports/views/_report-document.njk). Pure.
 */
import { regulationReference } from '../../domain/shared/plain-words.js';
import { keyQuestionName, isKeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { sectionBlocks } from '../../domain/reports/report-sections.js';
import type { PublishedReport } from '../../services/reports/published-report.service.js';
import { formatDate, formatDateRange, ratingTag, type TagParams } from '../register/register-format.js';

export interface ReportDocumentView {
  title: string;
  /** The PDF's running header and footer: name, address, location ID, publication date. */
  running: { name: string; address: string | null; locationId: string | null; published: string | null };
  caption: string;
  facts: { key: { text: string }; value: { text: string } }[];
  ratings: { name: string; tag: TagParams; dateText: string; iso: string | null; carriedForward: boolean }[];
  hasRatings: boolean;
  sections: { id: string; heading: string; level: 2 | 3; blocks: { kind: 'paragraph' | 'quote'; text: string }[]; showBreaches: boolean; showRecommendations: boolean }[];
  breaches: { heading: string; description: string; enforcement: string[] }[];
  recommendations: { organisation: string; items: { strength: string; strengthText: string; text: string; was: string | null; service: string | null; note: string | null }[] }[];
  responseStatement: { text: string; organisation: string } | null;
  contents: { href: string; text: string }[];
}

function ratingName(subject: string): string {
  if (subject === 'overall') return 'Overall';
  return isKeyQuestion(subject) ? keyQuestionName(subject) : subject;
}

export function buildReportDocument(p: PublishedReport, opts: { draftLabel?: string | null; trackChanges?: boolean } = {}): ReportDocumentView {
  const i = p.inspection;
  const when = formatDateRange(i.fieldworkStart, i.fieldworkEnd);
  const sections = p.sections.map((s) => ({
    id: s.key.replace(/[^a-zA-Z0-9]+/g, '-'),
    heading: s.heading,
    level: s.level,
    blocks: sectionBlocks(s.body),
    showBreaches: s.key === 'breaches',
    showRecommendations: s.key === 'recommendations',
  }));
  const byOrg = new Map<string, ReportDocumentView['recommendations'][number]['items']>();
  for (const r of p.recommendations) {
    byOrg.set(r.organisationName, [
      ...(byOrg.get(r.organisationName) ?? []),
      { strength: r.strength, strengthText: r.strength === 'must' ? 'Must' : 'Should', text: r.text, was: opts.trackChanges ? r.originalText : null, service: r.serviceName, note: r.regulatorMayDirect ? null : `The regulator cannot direct this service: ${r.directionNote ?? 'its power to make recommendations here is limited'}` },
    ]);
  }
  return {
    title: `${i.subjectName}: inspection report`,
    running: { name: i.subjectName, address: p.address ?? null, locationId: p.locationId ?? null, published: p.report.publication_date ? formatDate(p.report.publication_date) : null },
    caption: opts.draftLabel ?? i.kindLabel,
    facts: [
      ...(p.address ? [{ key: { text: 'Address' }, value: { text: p.address } }] : []),
      ...(p.locationId ? [{ key: { text: 'Location ID' }, value: { text: p.locationId } }] : []),
      { key: { text: 'Inspection' }, value: { text: `${i.kindLabel} (${i.reference})` } },
      { key: { text: 'Fieldwork' }, value: { text: when } },
      ...(p.report.publication_date ? [{ key: { text: 'Published' }, value: { text: formatDate(p.report.publication_date) } }] : []),
    ],
    ratings: p.ratings.map((r) => ({ name: ratingName(r.subject), tag: ratingTag(r.rating), dateText: r.date ? formatDate(r.date) : 'On publication', iso: r.date, carriedForward: r.source === 'carried-forward' })),
    hasRatings: p.ratings.length > 0,
    sections,
    breaches: p.breaches.map((b) => ({
      heading: `${regulationReference(b.regulation, b.paragraph)}: ${b.regulationTitle}`,
      description: b.description,
      enforcement: b.enforcement.map((e) => `${e.kindName}${e.issuedOn ? ` issued ${formatDate(e.issuedOn)}` : ''}`),
    })),
    recommendations: [...byOrg.entries()].map(([organisation, items]) => ({ organisation, items })),
    responseStatement: p.report.response_statement ? { text: p.report.response_statement, organisation: i.subjectName } : null,
    contents: [
      ...(p.ratings.length ? [{ href: '#ratings', text: 'Ratings' }] : []),
      ...sections.filter((s) => s.level === 2).map((s) => ({ href: `#${s.id}`, text: s.heading })),
      ...(p.report.response_statement ? [{ href: '#response', text: 'Response from the provider' }] : []),
    ],
  };
}
