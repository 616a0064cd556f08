/**
 * Services not rated by law (domain.md 2): "Regulations met" / "Not all regulations met" per
 * evidence category → quality statement → key question → overall. Any "Not all regulations met"
 * below makes every level above it "Not all regulations met".
 */
import { methodDescriptor } from './rating-methods.data.js';
import type { RegulationOutcome } from '../vocabulary/ratings.js';

export type OutcomeNode = { label: string; outcome: RegulationOutcome } | { label: string; children: readonly OutcomeNode[] };

export interface RegulationsMetResult {
  outcome: RegulationOutcome | 'Not rated';
  method: 'regulations-met';
  version: string;
  explanation: string[];
}

function rollUp(node: OutcomeNode, path: string, explanation: string[]): RegulationOutcome | null {
  const here = path ? `${path} › ${node.label}` : node.label;
  if ('outcome' in node) return node.outcome;
  const outcomes = node.children.map((c) => ({ label: c.label, outcome: rollUp(c, here, explanation) }));
  const assessed = outcomes.filter((o) => o.outcome !== null);
  if (assessed.length === 0) return null;
  const unmet = assessed.filter((o) => o.outcome === 'Not all regulations met').map((o) => o.label);
  if (unmet.length > 0) {
    explanation.push(`${here}: Not all regulations met, because of ${unmet.join(', ')}.`);
    return 'Not all regulations met';
  }
  return 'Regulations met';
}

export function rollUpRegulationOutcomes(root: OutcomeNode): RegulationsMetResult {
  const { version, title } = methodDescriptor('regulations-met');
  const explanation = [`Method regulations-met@${version} (${title}).`];
  const outcome = rollUp(root, '', explanation);
  if (outcome === 'Regulations met') explanation.push(`${root.label}: every assessed area met the regulations: Regulations met.`);
  if (outcome === null) explanation.push(`${root.label}: nothing assessed: Not rated.`);
  return { outcome: outcome ?? 'Not rated', method: 'regulations-met', version, explanation };
}
