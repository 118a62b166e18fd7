// A rule's explanation as a markdown page: docs/rules, the file the language server shows, SARIF help and
// the explain tool without a phase.
import type { Rule } from '../define';
import { justification, severities } from './defaults';

export function ruleMarkdown(rule: Rule): string {
  return [
    `# ${rule.id} ${rule.name}`,
    '',
    rule.explanation.what,
    '',
    rule.explanation.why,
    '',
    `**Severity** — ${severities(rule)}. ${justification(rule)}`,
    ...(rule.explanation.source ? ['', `**Source** — ${rule.explanation.source}`] : []),
    '',
    '## Flagged',
    '',
    '```elixir',
    rule.explanation.bad,
    '```',
    '',
    '## Preferred',
    '',
    '```elixir',
    rule.explanation.good,
    '```',
    '',
    '## Silencing',
    '',
    '```elixir',
    `# otp-advisor:disable-next-line ${rule.id}`,
    '```',
    '',
    `or \`# otp-advisor:disable-file ${rule.id}\` anywhere in the file, or \`"rules": {"${rule.id}": "off"}\` in \`.otp-advisor.json\`.`,
    '',
  ].join('\n');
}
