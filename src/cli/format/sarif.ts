// SARIF 2.1.0 for GitHub code scanning: one run, every rule with its help text, results by rule index,
// fingerprints that survive line moves, paths relative to %SRCROOT%, the phase in automationDetails.
import { FINGERPRINT_KEY } from '../../analysis/fingerprint';
import type { Severity } from '../../analysis/phases';
import { RULES } from '../../analysis/rules';
import type { Rule } from '../../analysis/rules/define';
import { sarifHelp } from '../../analysis/rules/explanation/sarif';
import type { RunResult } from '../run';

/** GitHub's name for the checkout root; upload-sarif resolves relative URIs against it. */
const SRCROOT = '%SRCROOT%';

/** A relative path as a URI reference: each segment percent-encoded (`my file.ex` → `my%20file.ex`). */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function sarifRule(rule: Rule) {
  return {
    id: rule.id,
    name: rule.name,
    ...sarifHelp(rule),
    defaultConfiguration: { level: LEVEL[rule.severity.green === 'off' ? 'information' : rule.severity.green] },
    properties: { tags: ['elixir', 'otp'] },
  };
}

export function formatSarif(result: RunResult, version: string): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        // GitHub keeps one set of alerts per category (the id up to its last `/`): one per phase.
        automationDetails: { id: `otp-advisor/${result.phase}/` },
        tool: { driver: { name: 'OTP Advisor', informationUri: 'https://github.com/otp-advisor/otp-advisor', version, rules: RULES.map(sarifRule) } },
        originalUriBaseIds: { [SRCROOT]: { uri: result.rootUri } },
        results: result.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(f.file), uriBaseId: SRCROOT },
                region: { startLine: f.range.line + 1, startColumn: f.range.col + 1, endLine: f.range.endLine + 1, endColumn: f.range.endCol + 1 },
              },
            },
          ],
          relatedLocations: f.related.map((r, i) => ({
            id: i,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: relativeUri(r.file), uriBaseId: SRCROOT },
              region: { startLine: r.span.line + 1, startColumn: r.span.col + 1 },
            },
          })),
          // Our own key: upload-sarif computes primaryLocationLineHash itself and warns when it is given another.
          partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
