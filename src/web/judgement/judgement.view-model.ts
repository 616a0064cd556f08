/** The inspector's scoring page and the manager's approval: pure view-model over getJudgement. */
import { METHOD_WORDS } from '../../domain/shared/plain-words.js';
import { howWorkedOut } from '../plain-words.js';
import { EVIDENCE_CATEGORY_DEFINITIONS } from '../../domain/framework/evidence-categories.data.js';
import { isKeyQuestion, KEY_QUESTION_DEFINITIONS, keyQuestionName } from '../../domain/vocabulary/key-questions.js';
import { RATINGS, ratingTagClass } from '../../domain/vocabulary/ratings.js';
import { SCORING_METHODS } from '../../domain/fieldwork/judgement-proposal.js';
import { OVERALL_METHODS } from '../../domain/rating/asc-principles.method.js';
import type { FieldError } from '../../services/errors.js';
import type { JudgementView } from '../../services/fieldwork/judgement.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, TEXT_LIMITS } from '../form-validation.js';

/** The limit stated under a departure's reason. */
export const DEPARTURE_REASON_MAX = TEXT_LIMITS.long;
import { notice } from '../inspections/inspection-shell.view-model.js';
import { fieldworkFrame, formatInstant } from '../fieldwork/fieldwork-nav.view-model.js';
import { enforcementPath, evidenceItemsPath, judgementPath, withQuery } from '../paths.js';

const SCORE_TEXT: Record<number, string> = { 4: '4: exceptional standard', 3: '3: good standard', 2: '2: some shortfalls', 1: '1: significant shortfalls' };

export interface DepartureForm {
  subject: string;
  rating: string;
  reason: string;
}

export function judgementPage(d: InspectionDetail, j: JudgementView, opts: { errors?: FieldError[]; typed?: Record<string, string>; departure?: DepartureForm; noticeText?: string } = {}) {
  const errors = opts.errors ?? [];
  const typed = opts.typed ?? {};
  const saf2023 = j.scoringMethod === 'saf-2023';
  const groups = KEY_QUESTION_DEFINITIONS.filter((k) => j.statements.some((s) => s.keyQuestion === k.id)).map((k) => ({
    name: k.name,
    statements: j.statements
      .filter((s) => s.keyQuestion === k.id)
      .map((s) => {
        const current = s.score?.score ? String(s.score.score) : '';
        const fieldName = `score-${s.code}`;
        return {
          code: s.code,
          name: s.name,
          evidence: { text: s.evidenceCount === 1 ? '1 evidence item' : `${s.evidenceCount} evidence items`, href: withQuery(evidenceItemsPath(d.id), { statement: s.code }) },
          scoredBy: s.score ? `${s.score.scoredBy}, ${formatInstant(s.score.scoredAt)}` : null,
          select: saf2023
            ? null
            : {
                name: fieldName,
                id: fieldName,
                label: { text: `Score for ${s.code} ${s.name}`, classes: 'govuk-visually-hidden' },
                errorMessage: errorFor(errors, fieldName),
                disabled: !j.you.canScore,
                items: [{ value: '', text: 'Not scored' }, ...[4, 3, 2, 1].map((n) => ({ value: String(n), text: SCORE_TEXT[n], selected: (typed[fieldName] ?? current) === String(n) }))],
              },
          categories: saf2023
            ? EVIDENCE_CATEGORY_DEFINITIONS.map((c) => {
                const name = `cat-${s.code}-${c.id}`;
                const cur = s.score?.categoryScores?.[c.id] ? String(s.score.categoryScores[c.id]) : '';
                return { name, id: name, label: { text: c.name }, classes: 'govuk-!-width-full', disabled: !j.you.canScore, errorMessage: errorFor(errors, name), items: [{ value: '', text: '–' }, ...[4, 3, 2, 1].map((n) => ({ value: String(n), text: String(n), selected: (typed[name] ?? cur) === String(n) }))] };
              })
            : [],
        };
      }),
  }));
  const proposal = [
    ...j.proposal.keyQuestions.map((k) => ({ name: k.name, rating: k.rating, tag: { text: k.rating, classes: ratingTagClass(k.rating) }, limited: k.rating !== k.scoredRating ? `From the scores alone: ${k.scoredRating}` : null, percentage: k.percentage, explanation: k.explanation })),
    { name: 'Overall', rating: j.proposal.overall.rating, tag: { text: j.proposal.overall.rating, classes: ratingTagClass(j.proposal.overall.rating) }, limited: null, percentage: null, explanation: j.proposal.overall.explanation },
  ];
  const dep = opts.departure ?? { subject: '', rating: '', reason: '' };
  return {
    pageTitle: pageTitle(`Judgement: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'judgement'),
    heading: 'Judgement',
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    method: `${METHOD_WORDS[j.scoringMethod] ?? 'the chosen scoring'} for key questions, ${METHOD_WORDS[j.overallMethod] ?? 'the chosen principles'} for the overall rating`,
    methodWorkedOut: howWorkedOut([`Scoring method: ${j.scoringMethod}`, `Overall rating method: ${j.overallMethod}`]),
    canScore: j.you.canScore,
    canApprove: j.you.canApprove,
    approved: j.approved
      ? { by: j.approvedBy, at: j.approvedAt ? formatInstant(j.approvedAt) : '', rows: j.approved.map((a) => ({ subject: isKeyQuestion(a.subject) ? keyQuestionName(a.subject) : 'Overall', tag: { text: a.rating, classes: ratingTagClass(a.rating) }, departure: a.departureReason, explanation: a.explanation })) }
      : null,
    scoresAction: judgementPath(d.id, '/scores'),
    methodsAction: judgementPath(d.id, '/methods'),
    approvalAction: judgementPath(d.id, '/approval'),
    groups,
    saf2023,
    limiters: j.limiters.map((l) => `${l.action.replace(/-/g, ' ')} for Regulation ${l.regulation}${l.keyQuestion ? ` (${keyQuestionName(l.keyQuestion).toLowerCase()})` : ''}`),
    enforcementHref: enforcementPath(d.id),
    proposal,
    scoringMethod: { name: 'scoringMethod', id: 'scoringMethod', label: { text: 'Scoring method' }, items: SCORING_METHODS.map((m) => ({ value: m, text: METHOD_WORDS[m] ?? m, selected: j.scoringMethod === m })) },
    overallMethod: { name: 'overallMethod', id: 'overallMethod', label: { text: 'Overall rating method' }, items: OVERALL_METHODS.map((m) => ({ value: m, text: METHOD_WORDS[m] ?? m, selected: j.overallMethod === m })) },
    departureSubject: {
      name: 'subject',
      id: 'subject',
      label: { text: 'Depart from the proposal for (optional)' },
      errorMessage: errorFor(errors, 'subject'),
      items: [{ value: '', text: 'No departure: approve as proposed' }, ...proposal.map((p, i) => ({ value: i < 5 ? j.proposal.keyQuestions[i]!.keyQuestion : 'overall', text: p.name, selected: dep.subject === (i < 5 ? j.proposal.keyQuestions[i]!.keyQuestion : 'overall') }))],
    },
    departureRating: { name: 'rating', id: 'rating', label: { text: 'Rating to approve instead' }, errorMessage: errorFor(errors, 'rating'), items: [{ value: '', text: 'Choose a rating' }, ...RATINGS.map((r) => ({ value: r, text: r, selected: dep.rating === r }))] },
    departureReason: characterCount({ name: 'reason', id: 'reason', rows: 4, label: { text: 'Reason for departing from the principles' }, hint: 'For example the extent and impact of the concerns, or confidence in the provider. It is shown in the explanation.', value: dep.reason, max: DEPARTURE_REASON_MAX, errorMessage: errorFor(errors, 'reason') }),
  };
}
