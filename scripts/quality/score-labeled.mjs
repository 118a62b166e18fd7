// Scores the built CLI against the blind labeled set in test/fixtures/labeled (written without
// reading the rules' implementation): recall over expected findings (overall, per rule), the share
// of justified cases with a premature-OTP finding, findings on clean cases, and every unexpected finding.
// Builds nothing: run `npm run build` first.
// Usage: npm run score [-- --json] [-- case-name ...]   (case names: one CLI run per case)
// Exit code: 0 when recall >= 0.95 and the justified flagged rate <= 0.02, else 1.
import { collectFindings, formatReport, loadCases, score } from './labeled-score-lib.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));

let cases = loadCases();
if (only.length) {
  const unknown = only.filter((n) => !cases.some((c) => c.name === n));
  if (unknown.length) {
    console.error(`unknown case(s): ${unknown.join(', ')}`);
    process.exit(2);
  }
  cases = cases.filter((c) => only.includes(c.name));
}

const { byCase, stderr, parseErrorFiles } = collectFindings(cases, { only: only.length ? only : undefined });
const result = score(cases, byCase);
if (json) console.log(JSON.stringify({ ...result, stderr, parseErrorFiles }, null, 2));
else console.log(formatReport(result, { stderr, parseErrorFiles }));
process.exit(result.recall >= 0.95 && result.justifiedFlaggedRate <= 0.02 ? 0 : 1);
