// One project's analysis: keeps the facts of each file, re-extracts only the files that change,
// and runs the rules over the linked facts. Pure: callers hand it texts, it never reads the disk.
import { CONFIG_FILE, DEFAULT_CONFIG, levelFor, parseConfig, globToRegExp, type Config, type ConfigError } from './config';
import { extractFacts } from './facts/extract';
import type { FileFacts, TestKind } from './facts/types';
import type { Parser, Tree } from './parse/parser';
import type { Span } from './parse/term';
import { type Phase, type Severity } from './phases';
import { ProjectIndex } from './project-index';
import { format, type Related, type Rule } from './rules/define';
import { RULES, RULE_IDS } from './rules';
import { isSuppressed, readSuppressions, type Suppressions } from './suppress';

export interface Finding {
  rule: string;
  name: string;
  messageId: string;
  severity: Severity;
  /** Project-relative, with `/`. */
  file: string;
  range: Span;
  message: string;
  module?: string;
  related: Related[];
  /** Test blocks that exercise the finding's subject without justifying it (for related locations and the advisor). */
  tests: { file: string; r: Span; name: string }[];
}

export interface RuleFailure {
  rule: string;
  module: string;
  error: string;
}

export interface Analysis {
  findings: Finding[];
  /** Findings a test justified (dropped), for reports. */
  justified: number;
  ruleFailures: RuleFailure[];
}

interface FileState {
  facts: FileFacts;
  suppressions: Suppressions;
}

export function isTestPath(path: string): boolean {
  return path.endsWith('.exs') && (/(^|\/)test\//.test(path) || path.endsWith('_test.exs'));
}

export function isElixirPath(path: string): boolean {
  return path.endsWith('.ex') || path.endsWith('.exs');
}

const KIND_LABEL: Record<TestKind, string> = {
  restart: 'crash or restart behaviour',
  concurrency: 'concurrent use by several processes',
  timers: 'its timers',
  multinode: 'several nodes',
};

export class Project {
  private readonly files = new Map<string, FileState>();
  private readonly mixFiles = new Map<string, string>();
  private index: ProjectIndex | undefined;
  config: Config = DEFAULT_CONFIG;
  configErrors: ConfigError[] = [];
  private excludes: RegExp[] = [];
  /** Rule levels and excludes from the editor's settings; the project's config file wins over them. */
  private editor: Pick<Config, 'rules' | 'exclude'> = { rules: {}, exclude: [] };

  constructor(private readonly parser: Parser) {}

  /** Adds or replaces a file. `.ex`/`.exs` files are parsed; `mix.exs` and the config file are read too. */
  setFile(path: string, text: string, oldTree?: Tree): Tree | undefined {
    this.index = undefined;
    if (path === CONFIG_FILE) {
      this.setConfig(text);
      return undefined;
    }
    if (path === 'mix.exs' || path.endsWith('/mix.exs')) this.mixFiles.set(path, text);
    if (!isElixirPath(path)) return undefined;
    const tree = this.parser.parse(text, oldTree) ?? undefined;
    if (!tree) return undefined;
    const facts = extractFacts({ path, text, isTest: isTestPath(path) }, tree);
    this.files.set(path, { facts, suppressions: readSuppressions(text) });
    return tree;
  }

  /** Parses, extracts and frees the tree: the batch (CLI) path. */
  addFile(path: string, text: string): void {
    this.setFile(path, text)?.delete();
  }

  removeFile(path: string): void {
    this.index = undefined;
    if (path === CONFIG_FILE) this.setConfig(undefined);
    this.files.delete(path);
    this.mixFiles.delete(path);
  }

  setConfig(text: string | undefined): void {
    this.index = undefined;
    const parsed = text === undefined ? { config: DEFAULT_CONFIG, errors: [] } : parseConfig(text, CONFIG_FILE, RULE_IDS);
    this.config = parsed.config;
    this.configErrors = parsed.errors;
    this.updateExcludes();
  }

  setEditorSettings(settings: Pick<Config, 'rules' | 'exclude'>): void {
    this.index = undefined;
    this.editor = settings;
    this.updateExcludes();
  }

  private updateExcludes(): void {
    this.excludes = [...this.config.exclude, ...this.editor.exclude].map(globToRegExp);
  }

  facts(path: string): FileFacts | undefined {
    return this.files.get(path)?.facts;
  }

  allFacts(): FileFacts[] {
    return [...this.files.values()].map((s) => s.facts);
  }

  isExcluded(path: string): boolean {
    return this.excludes.some((re) => re.test(path));
  }

  linked(): ProjectIndex {
    this.index ??= new ProjectIndex(
      [...this.files.entries()].filter(([p]) => !this.isExcluded(p)).map(([, s]) => s.facts),
      [...this.mixFiles.values()],
    );
    return this.index;
  }

  analyze(phase: Phase, rules: readonly Rule[] = RULES): Analysis {
    const index = this.linked();
    const out: Analysis = { findings: [], justified: 0, ruleFailures: [] };
    for (const rule of rules) {
      const level = levelFor(rule.severity, this.config.rules[rule.id] ?? this.editor.rules[rule.id], phase);
      if (level === 'off') continue;
      for (const mod of index.modules) {
        try {
          rule.check(mod, {
            project: index,
            report: (r) => {
              const file = r.file ?? mod.file;
              const state = this.files.get(file);
              if (state && isSuppressed(state.suppressions, rule.id, r.at.line)) return;
              let message = format(rule.messages[r.messageId as keyof typeof rule.messages], r.data);
              const subjects = r.subjects ?? [mod.name];
              if (rule.justifiedBy.length) {
                if (index.justifyingTest(subjects, rule.justifiedBy)) {
                  out.justified++;
                  return;
                }
                message += ` ${this.justificationNote(index, subjects, rule.justifiedBy)}`;
              }
              const tests = [...new Set(subjects.flatMap((s) => index.testsExercising(s)))].map((t) => ({ file: t.file, r: t.r, name: t.name }));
              out.findings.push({
                rule: rule.id,
                name: rule.name,
                messageId: r.messageId,
                severity: level,
                file,
                range: r.at,
                message,
                module: mod.name,
                related: r.related ?? [],
                tests,
              });
            },
          });
        } catch (e) {
          out.ruleFailures.push({ rule: rule.id, module: mod.name, error: e instanceof Error ? e.stack ?? e.message : String(e) });
        }
      }
    }
    out.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start || (a.rule < b.rule ? -1 : 1)));
    return out;
  }

  /** Says which test would justify the finding, and which tests exercise the subject without doing so. */
  private justificationNote(index: ProjectIndex, subjects: string[], kinds: TestKind[]): string {
    const want = kinds.map((k) => KIND_LABEL[k]).join(' or ');
    const files = [...new Set(subjects.flatMap((s) => index.testsExercising(s).map((t) => t.file)))];
    if (!files.length) return `No test refers to it; a test that verifies ${want} would justify it.`;
    const shown = files.slice(0, 2).join(', ') + (files.length > 2 ? ` and ${files.length - 2} more` : '');
    return `Its tests (${shown}) do not verify ${want}, which would justify it.`;
  }
}
