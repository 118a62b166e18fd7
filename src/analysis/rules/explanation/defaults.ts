// What a rule does by default, said the same way in its text and markdown explanations.
import { PHASES } from '../../phases';
import type { Rule } from '../define';

export function severities(rule: Rule): string {
  return PHASES.map((p) => `${p.toUpperCase()}: ${rule.severity[p]}`).join(', ');
}

export function justification(rule: Rule): string {
  return rule.justifiedBy.length ? `Silenced when a test exercising the code verifies: ${rule.justifiedBy.join(', ')}.` : 'No test silences it.';
}
