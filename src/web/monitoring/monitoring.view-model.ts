/** The ranked monitoring list for inspection managers. Pure. */
import { howWorkedOut } from '../plain-words.js';
import { RISK_SCORE_VERSION } from '../../domain/monitoring/risk-score.js';
import type { MonitoringRow } from '../../services/monitoring/monitoring.service.js';
import { formatDate, ratingTag } from '../register/register-format.js';
import { locationPath } from '../paths.js';

export function monitoringPage(result: { rows: MonitoringRow[]; scored: number; localAuthorities: string[]; icbs?: string[] }, localAuthority: string, icb = '') {
  const area = [localAuthority, icb].filter(Boolean).join(' and ');
  return {
    pageTitle: area ? `Services to look at next in ${area}` : 'Services to look at next',
    icbFilter: {
      id: 'icb',
      name: 'icb',
      label: { text: 'Integrated care board' },
      items: [{ value: '', text: 'All integrated care boards', selected: !icb }, ...(result.icbs ?? []).map((a) => ({ value: a, text: a, selected: a === icb }))],
    },
    filter: {
      id: 'localAuthority',
      name: 'localAuthority',
      label: { text: 'Local authority' },
      items: [{ value: '', text: 'All of England', selected: !localAuthority }, ...result.localAuthorities.map((a) => ({ value: a, text: a, selected: a === localAuthority }))],
    },
    countText: result.scored === 0 ? 'No service has anything that raises its score.' : `${result.scored.toLocaleString('en-GB')} services have a score above 0${result.scored > result.rows.length ? `: the highest ${result.rows.length} are shown` : ''}.`,
    version: RISK_SCORE_VERSION,
    workedOut: howWorkedOut([], RISK_SCORE_VERSION),
    rows: result.rows.map((r, i) => ({
      rank: i + 1,
      href: locationPath(encodeURIComponent(r.locationId)),
      name: r.name,
      area: r.localAuthority ?? '',
      rating: ratingTag(r.rating),
      ratingDate: r.ratingDate ? formatDate(r.ratingDate) : 'Never rated',
      reinspectBy: r.result.latestReinspection ? formatDate(r.result.latestReinspection) : 'Not known',
      score: r.result.score,
      reasons: r.result.reasons.map((x) => `${x.text} (+${x.points})`),
    })),
  };
}
