// ESLint-style table tests for one rule, over real tree-sitter parses of small mix projects.
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';
import type { Phase, Severity } from '../../src/analysis/phases';
import type { Rule } from '../../src/analysis/rules/define';

interface Source {
  /** Name shown by the test runner; defaults to the first line of code. */
  name?: string;
  /** One file, `lib/example.ex`. */
  code?: string;
  /** A small project: path → text (tests under `test/`, `mix.exs` at the root). */
  files?: Record<string, string>;
  phase?: Phase;
}

export interface ExpectedError {
  messageId: string;
  line?: number;
  column?: number;
  severity?: Severity;
  file?: string;
  /** A fragment the message must contain. */
  message?: string;
  /** The finding's related places, `file:line` (1-based), in order. */
  related?: string[];
}

export interface Cases {
  valid: Source[];
  invalid: (Source & { errors: ExpectedError[] })[];
}

let parser: Parser;

export async function analyzeFiles(files: Record<string, string>, phase: Phase, rules?: readonly Rule[]) {
  parser ??= await loadParser();
  const project = new Project(parser);
  for (const [path, text] of Object.entries(files)) project.addFile(path, text);
  return project.analyze(phase, rules);
}

function filesOf(s: Source): Record<string, string> {
  if (s.files && s.code) throw new Error('give code or files, not both');
  return s.files ?? { 'lib/example.ex': s.code ?? '' };
}

function nameOf(s: Source): string {
  return s.name ?? (s.code ?? Object.keys(s.files ?? {}).join(' + ')).trim().split('\n').slice(0, 2).join(' ⏎ ');
}

export function runRuleTests(rule: Rule, cases: Cases): void {
  const seen = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    const key = JSON.stringify([filesOf(c), c.phase]);
    if (seen.has(key)) throw new Error(`${rule.id}: duplicate test case "${nameOf(c)}"`);
    seen.add(key);
  }
  describe(`${rule.id} ${rule.name}`, () => {
    beforeAll(async () => {
      parser ??= await loadParser();
    });
    describe('valid', () => {
      for (const c of cases.valid) {
        it(nameOf(c), async () => {
          const { findings, ruleFailures } = await analyzeFiles(filesOf(c), c.phase ?? 'green', [rule]);
          expect(ruleFailures).toEqual([]);
          expect(findings.map((f) => `${f.file}:${f.range.line + 1} ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(nameOf(c), async () => {
          if (!c.errors.length) throw new Error('an invalid case needs at least one expected error');
          for (const e of c.errors) {
            if (!(e.messageId in rule.messages)) throw new Error(`unknown messageId "${e.messageId}"`);
          }
          const { findings, ruleFailures } = await analyzeFiles(filesOf(c), c.phase ?? 'green', [rule]);
          expect(ruleFailures).toEqual([]);
          const described = findings.map((f) => `${f.file}:${f.range.line + 1}:${f.range.col + 1} ${f.messageId} (${f.severity}) ${f.message}`);
          expect(findings.length, `findings:\n${described.join('\n')}`).toBe(c.errors.length);
          c.errors.forEach((e, i) => {
            const f = findings[i];
            expect(f.messageId).toBe(e.messageId);
            if (e.line !== undefined) expect(f.range.line + 1, described[i]).toBe(e.line);
            if (e.column !== undefined) expect(f.range.col + 1, described[i]).toBe(e.column);
            if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
            if (e.file !== undefined) expect(f.file).toBe(e.file);
            if (e.message !== undefined) expect(f.message).toContain(e.message);
            if (e.related !== undefined) expect(f.related.map((r) => `${r.file}:${r.span.line + 1}`), described[i]).toEqual(e.related);
          });
        });
      }
    });
  });
}
