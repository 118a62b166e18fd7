// A rule's explanation in SARIF 2.1.0 (a reportingDescriptor's texts), as GitHub code scanning shows it.
import type { Rule } from '../define';
import { ruleMarkdown } from './markdown';
import { helpUri } from './page';

export function sarifHelp(rule: Rule) {
  return {
    shortDescription: { text: rule.explanation.what },
    fullDescription: { text: rule.explanation.why },
    helpUri: helpUri(rule),
    help: { text: `${rule.explanation.what}\n\n${rule.explanation.why}`, markdown: ruleMarkdown(rule) },
  };
}
