// The shape of a rule: metadata as data, a `check` over one module's facts, typed message ids.
import type { Span } from '../parse/term';
import type { ModuleFacts, TestKind } from '../facts/types';
import type { PhaseLevels, Severity } from '../phases';
import type { ProjectIndex } from '../project-index';

export interface Explanation {
  /** One sentence: what the rule flags. Used for hovers and SARIF short descriptions. */
  what: string;
  /** Why it matters and what to do instead. */
  why: string;
  /** Where the idea comes from. */
  source?: string;
  bad: string;
  good: string;
  /** Where the examples are analysed as (default `lib/example.ex`); e.g. a test path for rules about tests. */
  examplePath?: string;
}

export interface Related {
  file: string;
  span: Span;
  message: string;
}

export interface Report<M extends string> {
  messageId: M;
  at: Span;
  data?: Record<string, string>;
  related?: Related[];
  /** Modules whose tests can justify this finding (default: the module checked). */
  subjects?: string[];
  /** Anchor in another file than the module's (rare: child specs listed elsewhere). */
  file?: string;
  /** The most this finding can be, whatever the rule's level: `hint` for a UI refresh timer. */
  atMost?: Severity;
}

export interface RuleContext<M extends string> {
  project: ProjectIndex;
  report(r: Report<M>): void;
}

export interface Rule<M extends string = string> {
  id: string;
  name: string;
  severity: PhaseLevels;
  /**
   * Which code the rule reads (default: product code only). Test code is a test file or support code under
   * `test/`: a stub GenServer registered under a real process's name, or an Agent recording calls, is there
   * on purpose, so premature-OTP rules leave it alone; rules about tests, and deadlocks, read it.
   */
  runsOn?: readonly ('product' | 'tests')[];
  /** Test kinds that, when a test exercising the subject verifies them, silence the rule. */
  justifiedBy: TestKind[];
  messages: Record<M, string>;
  explanation: Explanation;
  check(mod: ModuleFacts, ctx: RuleContext<M>): void;
}

export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

export const PREMATURE: PhaseLevels = { red: 'warning', green: 'warning', refactor: 'information' };
export const ANTI_PATTERN: PhaseLevels = { red: 'warning', green: 'warning', refactor: 'warning' };
export const REFACTOR_TRIGGER: PhaseLevels = { red: 'off', green: 'off', refactor: 'information' };

export function format(template: string, data: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => data[k] ?? m);
}
