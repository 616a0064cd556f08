/** The pages of a patient participation group's private link (ADR 0007): GOV.UK macro params. Pure. */
import type { GroupFeedbackItem, GroupFeedbackPage } from '../../services/feedback/group-feedback.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDate } from '../register/register-format.js';

type Row = { key: { text: string }; value: { text: string; classes?: string } };

function whenText(i: Pick<GroupFeedbackItem, 'happenedOn' | 'happenedPrecision'>): string {
  return i.happenedPrecision === 'month' ? formatDate(i.happenedOn).replace(/^\d+ /, '') : formatDate(i.happenedOn);
}

/** What the practice said, or that it did not answer by the date set, or that it still may. */
export function responseText(shared: GroupFeedbackItem['shared']): string | null {
  if (!shared) return null;
  if (shared.response) return shared.response;
  if (shared.noResponseByDue && shared.responseDue) return `The practice did not respond by ${formatDate(shared.responseDue)}. We have noted this when we monitor the practice.`;
  if (shared.responseDue) return `Not yet. The practice has until ${formatDate(shared.responseDue)} to respond.`;
  return 'Not yet.';
}

function itemCard(i: GroupFeedbackItem) {
  const rows: Row[] = [
    { key: { text: 'Sent' }, value: { text: formatDate(i.receivedAt.toISOString()) } },
    { key: { text: 'About' }, value: { text: i.locationName } },
    { key: { text: 'When it happened' }, value: { text: whenText(i) } },
    { key: { text: 'What the group told us' }, value: { text: i.whatHappened, classes: 'app-break-words' } },
    { key: { text: 'Status' }, value: { text: i.statusText } },
  ];
  if (i.outcomeText) rows.push({ key: { text: 'What we did' }, value: { text: i.outcomeText } });
  if (i.closedAt) rows.push({ key: { text: 'Dealt with on' }, value: { text: formatDate(i.closedAt.toISOString()) } });
  if (i.shared) {
    rows.push({ key: { text: 'Shared with the practice' }, value: { text: formatDate(i.shared.sharedOn) } });
    rows.push({ key: { text: 'The practice’s response' }, value: { text: responseText(i.shared) ?? '', classes: 'app-break-words' } });
    if (i.shared.response && i.shared.respondedOn) rows.push({ key: { text: 'Responded on' }, value: { text: formatDate(i.shared.respondedOn) } });
  }
  return { card: { title: { text: `Feedback ${i.reference}`, headingLevel: 2 } }, rows, attributes: { 'data-testid': 'group-feedback-item' } };
}

/** "1 piece of feedback … responded to it", "3 pieces … responded to 2 of them". */
export function countText(n: number, answered: number): string {
  if (n === 0) return 'Your group has not sent us any feedback yet.';
  if (n === 1) return `Your group has sent us 1 piece of feedback. ${answered ? 'The practice has responded to it.' : 'The practice has not responded to it yet.'}`;
  return `Your group has sent us ${n} pieces of feedback. ${answered ? `The practice has responded to ${answered} of them.` : 'The practice has not responded to any of them yet.'}`;
}

export function groupFeedbackPage(page: GroupFeedbackPage, stopAction: string) {
  const n = page.items.length;
  const answered = page.items.filter((i) => i.shared?.response).length;
  return {
    pageTitle: `Your group’s feedback – ${page.groupName}`,
    groupName: page.groupName,
    practiceName: page.practiceName,
    countText: countText(n, answered),
    items: page.items.map(itemCard),
    stopAction,
  };
}

export function requestLinkPage(email: string, errors: { field: string; message: string }[]) {
  return {
    pageTitle: pageTitle('Get your group’s private link – Patient participation groups', errors),
    errorSummary: errorSummary(errors),
    email: {
      id: 'email',
      name: 'email',
      type: 'email',
      label: { text: 'Your group’s email address', classes: 'govuk-label--s' },
      hint: { text: 'The address your practice holds for the patient participation group. We send the link there and nowhere else.' },
      value: email,
      autocomplete: 'email',
      spellcheck: false,
      errorMessage: errorFor(errors, 'email'),
    },
  };
}

export function linkSentPage(email: string) {
  return {
    pageTitle: 'Check your group’s email – Patient participation groups',
    email,
  };
}

export function linkNotWorkingPage(stopped: boolean) {
  return {
    pageTitle: stopped ? 'Your group’s link has been stopped – Patient participation groups' : 'This link does not work – Patient participation groups',
    heading: stopped ? 'Your group’s link has been stopped' : 'This link does not work',
    text: stopped
      ? 'Nobody can use that link to see your group’s feedback any more.'
      : 'It may have been stopped, or replaced by a newer link sent to your group’s email address.',
  };
}
