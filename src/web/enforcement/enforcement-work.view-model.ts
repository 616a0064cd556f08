/** The enforcement work list (/enforcement): every enforcement action, open ones first by their next deadline. Pure. */
import type { EnforcementWorkItem } from '../../services/fieldwork/enforcement-work.service.js';
import { longDate } from '../fieldwork/fieldwork-nav.view-model.js';
import { enforcementActionPath, enforcementPath } from '../paths.js';

export function enforcementWorkPage(items: readonly EnforcementWorkItem[], show: 'open' | 'all', today: string) {
  const open = items.filter((i) => i.open).length;
  return {
    pageTitle: show === 'all' ? 'Enforcement: all actions' : 'Enforcement: open actions',
    heading: 'Enforcement',
    countText: show === 'all' ? `${items.length} enforcement action${items.length === 1 ? '' : 's'}, ${open} open` : `${open} open enforcement action${open === 1 ? '' : 's'}`,
    filter: show === 'all' ? { text: 'Show open actions only', href: '/enforcement' } : { text: 'Show closed and withdrawn actions too', href: '/enforcement?show=all' },
    rows: items.map((i) => ({
      href: enforcementActionPath(i.inspectionId, i.actionId),
      action: i.kindName,
      against: i.organisationName,
      inspection: `${i.inspectionReference}: ${i.subjectName}`,
      inspectionHref: enforcementPath(i.inspectionId),
      state: i.stateLabel,
      deadline: i.deadline ? `${i.deadline.title}: ${longDate(i.deadline.due)}` : 'None set',
      overdue: i.open && ((!!i.deadline && i.deadline.due < today) || (!!i.complyBy && !i.complianceDecision && i.complyBy < today)),
      complyBy: i.complyBy ? `${longDate(i.complyBy)}${i.complianceDecision ? ` (${i.complianceDecision.replace(/_/g, ' ')})` : ''}` : '',
    })),
  };
}
