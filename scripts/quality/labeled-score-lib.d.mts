// Types for labeled-score-lib.mjs, so test/labeled.test.ts type-checks against it.
export interface Expectation {
  rule: string;
  file: string;
  line: number;
}
export type Kind = 'premature' | 'justified' | 'clean';
export interface LabeledCase {
  name: string;
  kind: Kind;
  expect: Expectation[];
  note: string;
}
export interface CaseFinding extends Expectation {
  severity: string;
  message: string;
}
export interface ScoreResult {
  cases: number;
  counts: Record<Kind, number>;
  expected: number;
  found: number;
  recall: number;
  perRule: Record<string, { expected: number; found: number; recall: number }>;
  justifiedFlagged: string[];
  justifiedFlaggedRate: number;
  cleanFindings: (CaseFinding & { case: string })[];
  missed: (Expectation & { case: string; kind: Kind; near: string[] })[];
  unexpected: (CaseFinding & { case: string; kind: Kind })[];
}
export const REPO_ROOT: string;
export const LABELED_DIR: string;
export const CLI: string;
export const PREMATURE_RULES: string[];
export const KINDS: Kind[];
export function loadCases(dir?: string): LabeledCase[];
export function collectFindings(
  cases: LabeledCase[],
  options?: { dir?: string; cli?: string; only?: string[] },
): { byCase: Map<string, CaseFinding[]>; stderr: string[]; parseErrorFiles: string[] };
export function score(cases: LabeledCase[], byCase: Map<string, CaseFinding[]>): ScoreResult;
export function formatReport(result: ScoreResult, extra?: { stderr?: string[]; parseErrorFiles?: string[] }): string;
