// Rule explanations for `otp-advisor explain`, SARIF help and the generated docs/rules pages.
import { PHASES } from '../analysis/phases';
import type { Rule } from '../analysis/rules/define';

export function ruleDocPath(rule: Rule): string {
  return `docs/rules/${rule.id.toLowerCase()}-${rule.name}.md`;
}

export function helpUri(rule: Rule): string {
  return `https://github.com/otp-advisor/otp-advisor/blob/main/${ruleDocPath(rule)}`;
}

function severities(rule: Rule): string {
  return PHASES.map((p) => `${p.toUpperCase()}: ${rule.severity[p]}`).join(', ');
}

function justification(rule: Rule): string {
  return rule.justifiedBy.length ? `Silenced when a test exercising the code verifies: ${rule.justifiedBy.join(', ')}.` : 'No test silences it.';
}

export function ruleText(rule: Rule): string {
  const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
  return [
    `${rule.id} ${rule.name}`,
    '',
    rule.explanation.what,
    '',
    rule.explanation.why,
    '',
    `Severity: ${severities(rule)}. ${justification(rule)}`,
    ...(rule.explanation.source ? [`Source: ${rule.explanation.source}`] : []),
    '',
    'Flagged:',
    indent(rule.explanation.bad),
    '',
    'Preferred:',
    indent(rule.explanation.good),
    '',
    `Silence one occurrence with: # otp-advisor:disable-next-line ${rule.id}`,
  ].join('\n');
}

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
