// A rule's explanation as offline advice: framed for the TDD phase, about a finding when there is one, as
// markdown with before/after Elixir code (the chat's first answer, `explain --phase`, the explain tool).
import type { Finding } from '../../engine';
import type { TestKind } from '../../facts/types';
import type { Phase } from '../../phases';
import type { Rule } from '../define';

type Kind = 'premature' | 'anti-pattern' | 'trigger';

// Read from the default levels rather than a list of ids, so a new rule is framed right without an edit here.
function kindOf(rule: Rule): Kind {
  const { red, green, refactor } = rule.severity;
  if (red === 'off' && green === 'off') return 'trigger';
  if (red === green && green === refactor) return 'anti-pattern';
  return 'premature';
}

const VERIFIES: Record<TestKind, string> = {
  restart: 'that it is restarted after a crash',
  concurrency: 'that several processes use it at the same time',
  timers: 'its timers or timeouts',
  multinode: 'behaviour across several nodes',
};

const FRAMING: Record<Kind, Record<Phase, [lead: string, rest: string]>> = {
  premature: {
    red: [
      'RED: focus on what the failing test expects.',
      'A failing test asks for behaviour, not for a process. If the code below is new, start from the plain version.',
    ],
    green: [
      'GREEN: make the test pass with plain functions first.',
      'The plain version below does the same job without a process: state goes in as an argument and comes back ' +
        'as a result. Reach for OTP later, when a test needs it.',
    ],
    refactor: [
      'REFACTOR: now weigh whether the process earns its keep.',
      'Keep it only if a test or a real requirement depends on it; otherwise the plain version is easier to test and to read.',
    ],
  },
  'anti-pattern': {
    red: ['RED: focus on what the failing test expects.', 'This one is a mistake in any phase, but it can wait until the test passes.'],
    green: ['GREEN: make the test pass, and fix this on the way.', 'It is not a matter of timing: it is a mistake in any phase.'],
    refactor: ['REFACTOR: a good moment to clean this up.', 'The green tests will catch a regression.'],
  },
  trigger: {
    red: ['RED: focus on what the failing test expects.', 'This is a refactoring hint: leave it alone while a test is red.'],
    green: ['GREEN: keep it plain until the test passes.', 'This is a refactoring hint for later.'],
    refactor: [
      'REFACTOR: now weigh whether a process would earn its keep.',
      'The code has grown to where one might help. Make the move only if the tests show the need described here.',
    ],
  },
};

function justification(rule: Rule): string {
  if (!rule.justifiedBy.length) return 'No test silences this rule.';
  return `A test that verifies ${rule.justifiedBy.map((k) => VERIFIES[k]).join(', or ')} justifies the process: the finding then goes away.`;
}

function findingPart(finding: Finding): string[] {
  const at = `\`${finding.file}:${finding.range.line + 1}\``;
  const tests = finding.tests.length
    ? [`Tests that exercise ${finding.module ? `\`${finding.module}\`` : 'it'}:`, '', ...finding.tests.map((t) => `- \`${t.file}:${t.span.line + 1}\` ${t.name}`)]
    : [`No test exercises ${finding.module ? `\`${finding.module}\`` : 'it'}.`];
  return [`**Here** (${at}): ${finding.message}`, '', ...tests, ''];
}

export function adviceFor(rule: Rule, finding: Finding | undefined, phase: Phase): string {
  const e = rule.explanation;
  const [lead, rest] = FRAMING[kindOf(rule)][phase];
  return [
    `### ${rule.id} ${rule.name}`,
    '',
    `**${lead}** ${rest}`,
    '',
    ...(finding ? findingPart(finding) : []),
    `${e.what} ${e.why}`,
    '',
    // A finding's message already says which test would justify it.
    ...(finding && rule.justifiedBy.length ? [] : [justification(rule), '']),
    '**Before**',
    '',
    '```elixir',
    e.bad,
    '```',
    '',
    '**After**',
    '',
    '```elixir',
    e.good,
    '```',
    ...(e.source ? ['', `_Source: ${e.source}_`] : []),
    '',
  ].join('\n');
}
