// One project's analysis: keeps the facts of each file, re-extracts only the files that change,
// and runs the rules over the linked facts. Pure: callers hand it texts, it never reads the disk.
import { isElixirPath, isTestScript } from './project-paths';
import { CONFIG_FILE, DEFAULT_CONFIG, levelFor, parseConfig, globToRegExp, type Config, type ConfigError } from './config';
import { extractFacts, scriptMemo, type ScriptScan } from './facts/extract';
import { sameHelpers } from './facts/tests';
import { extractEdited, type EditedFacts } from './facts/extract-edited';
import type { FactsCache } from './facts/reuse';
import type { EditedRange } from './facts/splice';
import type { Extracted } from './parallel/extract-file';
import { isTestCode, type FileFacts, type ModuleFacts, type TestKind } from './facts/types';
import type { Parser, Tree } from './parse/parser';
import type { Span } from './parse/term';
import { atLeast, type Level, type Phase, type Severity } from './phases';
import { ProjectIndex } from './project-index';
import { format, type Related, type Rule } from './rules/define';
import { RULES, RULE_IDS } from './rules';
import { editedSuppressions, isSuppressed, type Suppressions } from './suppress';
import { justificationNote } from './justification';

export interface Finding {
  rule: string;
  name: string;
  messageId: string;
  severity: Severity;
  file: string; // project-relative, with `/`
  range: Span;
  message: string;
  module?: string;
  related: Related[];
  /** Test blocks that exercise the finding's subject without justifying it (for related locations and the advisor). */
  tests: { file: string; span: Span; name: string }[];
}

export interface RuleFailure { rule: string; module: string; error: string }

/** A finding a test justified: dropped from the findings, kept for tools that say why (the MCP server). */
export interface JustifiedFinding {
  rule: string;
  name: string;
  file: string;
  range: Span;
  module?: string;
  /** The test block that verifies what the rule asks for. */
  test: { file: string; span: Span; name: string; verifies: TestKind[] };
}

export interface Analysis {
  findings: Finding[];
  /** Findings a test justified (dropped), for reports. */
  justified: number;
  justifiedFindings: JustifiedFinding[];
  ruleFailures: RuleFailure[];
}

interface ModuleResult {
  findings: Finding[];
  justified: JustifiedFinding[];
  failures: RuleFailure[];
}

interface FileState {
  facts: FileFacts;
  /** The text the facts were read from: an edit of it may be read without parsing the file again (extract-edited.ts). */
  text: string;
  suppressions: Suppressions;
  cache: FactsCache;
  source?: EditedFacts['source']; // the text's lines, kept while the file is edited (the next version's are found from them)
  script?: ScriptScan; // what a script's top-level statements hold, kept while the file is edited (script-scan.ts)
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Project {
  private readonly files = new Map<string, FileState>();
  private readonly mixFiles = new Map<string, string>();
  private index: ProjectIndex | undefined;
  config: Config = DEFAULT_CONFIG;
  configErrors: ConfigError[] = [];
  private excludes: RegExp[] = [];
  /** Rule levels and excludes from the editor's settings; the project's config file wins over them. */
  private editor: Pick<Config, 'rules' | 'exclude'> = { rules: {}, exclude: [] };
  /**
   * Each module's findings (before suppressions), kept while no fact of the project changes: an edit
   * that only moves positions re-checks just the modules it re-extracted. Spans are shared with the
   * facts, which move them in place, so kept findings stay where their code is.
   */
  private readonly results = new Map<ModuleFacts, ModuleResult>();
  private resultsKey = '';
  /** Spans of facts replaced by edits that changed no fact: kept findings pointing at one are checked again. */
  private readonly stale = new Set<Span>();
  /** Files the engine failed to read facts from (path → error), left out of the analysis. */
  readonly extractionErrors = new Map<string, string>();
  /** How many times `analyze` ran, for the language server's debug log (a test counts analyses with it). */
  analyses = 0;

  constructor(private readonly parser: Parser) {}

  /**
   * Adds or replaces a file. `.ex`/`.exs` files are parsed; `mix.exs` and the config file are read too.
   * `editable` keeps what the next version of the file needs to be re-read quickly (the language server's case);
   * `range`, where an editor changed the file's last text, spares comparing the two versions whole.
   */
  setFile(path: string, text: string, oldTree?: Tree, editable = true, range?: EditedRange): Tree | undefined {
    const index = this.index;
    if (!this.takeFile(path, text)) return undefined;
    const state = this.files.get(path);
    // Not parsed again: the caller keeps the edited old tree (tree-sitter takes several edits at once).
    const read = oldTree && editable && state ? extractEdited({ path, text, isTest: isTestScript(path) }, state.text, state.facts, state.cache, this.parser, state.source, range) : undefined;
    if (read) this.keepRead(path, text, read, range);
    if (read && !read.factsChanged && !this.mixFiles.has(path)) this.index = index; // same modules, moved: the index holds
    if (read) return oldTree!.copy();
    const tree = this.parser.parse(text, oldTree) ?? undefined;
    if (!tree) return undefined;
    let extracted: ReturnType<typeof extractFacts>;
    try {
      extracted = extractFacts({ path, text, isTest: isTestScript(path), script: editable ? scriptMemo(state?.script, state?.text, text, range) : undefined }, tree, !state || !isTestScript(path) || sameHelpers(state.text, text) ? state?.cache : undefined, editable);
    } catch (e) {
      this.keepExtracted(path, text, { error: errorText(e) });
      return tree;
    }
    this.keepRead(path, text, editable ? extracted : { ...extracted, source: undefined }, range);
    return tree;
  }

  private keepRead(path: string, text: string, { facts, cache, factsChanged, stale, source, script }: EditedFacts, range?: EditedRange): void {
    this.keepExtracted(path, text, { facts }, cache, source, script, range);
    if (factsChanged) this.results.clear();
    else for (const x of stale) this.stale.add(x);
  }

  /** Parses, extracts and frees the tree: the batch (CLI) path. */
  addFile(path: string, text: string): void {
    this.setFile(path, text, undefined, false)?.delete();
  }

  /** Adds a file whose facts were read elsewhere (extractAll: on worker threads): the batch path, in parallel. */
  addExtracted(path: string, text: string, extracted: Extracted): void {
    if (!this.takeFile(path, text)) return;
    this.keepExtracted(path, text, extracted);
    this.results.clear();
  }

  /** What every new version of a file does first; false when the file holds no Elixir facts (config, other files). */
  private takeFile(path: string, text: string): boolean {
    this.index = undefined;
    if (!this.files.has(path)) this.results.clear();
    if (path === CONFIG_FILE) {
      this.setConfig(text);
      return false;
    }
    if (path === 'mix.exs' || path.endsWith('/mix.exs')) this.mixFiles.set(path, text);
    return isElixirPath(path);
  }

  private keepExtracted(path: string, text: string, extracted: Extracted, cache: FactsCache = new Map(), source?: EditedFacts['source'], script?: ScriptScan, range?: EditedRange): void {
    if ('unparsed' in extracted) return;
    if ('error' in extracted) {
      // An engine bug on one file must not take the others down: that file is left out and reported.
      this.extractionErrors.set(path, extracted.error);
      this.files.delete(path);
      this.results.clear();
      return;
    }
    this.extractionErrors.delete(path);
    this.files.set(path, { facts: extracted.facts, text, suppressions: editedSuppressions(text, this.files.get(path), range), cache, source, script });
  }

  removeFile(path: string): void {
    this.index = undefined;
    this.results.clear();
    if (path === CONFIG_FILE) this.setConfig(undefined);
    this.extractionErrors.delete(path);
    this.files.delete(path);
    this.mixFiles.delete(path);
  }

  setConfig(text: string | undefined): void {
    this.index = undefined;
    this.results.clear();
    const parsed = text === undefined ? { config: DEFAULT_CONFIG, errors: [] } : parseConfig(text, CONFIG_FILE, RULE_IDS);
    this.config = parsed.config;
    this.configErrors = parsed.errors;
    this.updateExcludes();
  }

  setEditorSettings(settings: Pick<Config, 'rules' | 'exclude'>): void {
    this.index = undefined;
    this.results.clear();
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
      this.mixFiles,
    );
    return this.index;
  }

  analyze(phase: Phase, rules: readonly Rule[] = RULES): Analysis {
    this.analyses++;
    const index = this.linked();
    const key = `${phase} ${rules.map((r) => r.id).join(',')}`;
    if (key !== this.resultsKey) this.results.clear();
    this.resultsKey = key;
    const levels = rules.map((rule) => ({ rule, level: levelFor(rule.severity, this.config.rules[rule.id] ?? this.editor.rules[rule.id], phase) }));
    const out: Analysis = { findings: [], justified: 0, justifiedFindings: [], ruleFailures: [] };
    const live = new Set<ModuleFacts>();
    for (const mod of index.modules) {
      live.add(mod);
      let result = this.results.get(mod);
      // A kept finding whose related place or test was read again points at a replaced span.
      if (result && this.stale.size && result.findings.some((f) => f.related.some((r) => this.stale.has(r.span)) || f.tests.some((t) => this.stale.has(t.span)))) result = undefined;
      if (!result) {
        result = this.checkModule(mod, index, levels);
        this.results.set(mod, result);
      }
      out.justified += result.justified.length;
      out.justifiedFindings.push(...result.justified);
      out.ruleFailures.push(...result.failures);
      for (const f of result.findings) {
        const state = this.files.get(f.file);
        if (!state || !isSuppressed(state.suppressions, f.rule, f.range.line)) out.findings.push(f);
      }
    }
    for (const mod of this.results.keys()) if (!live.has(mod)) this.results.delete(mod);
    this.stale.clear();
    out.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start || (a.rule < b.rule ? -1 : 1)));
    return out;
  }

  private checkModule(mod: ModuleFacts, index: ProjectIndex, levels: { rule: Rule; level: Level }[]): ModuleResult {
    const result: ModuleResult = { findings: [], justified: [], failures: [] };
    // Benchmarks, examples, scripts, mix tasks and fixtures are not the product: no rule reports on them.
    if (index.nonProduct(mod)) return result;
    const scope = isTestCode(mod) ? 'tests' : 'product';
    for (const { rule, level } of levels) {
      if (level === 'off' || !(rule.runsOn ?? ['product']).includes(scope)) continue;
      try {
        rule.check(mod, {
          project: index,
          report: (r) => {
            let message = format(rule.messages[r.messageId as keyof typeof rule.messages], r.data);
            const subjects = r.subjects ?? [mod.name];
            if (rule.justifiedBy.length) {
              const test = index.justifyingTest(subjects, rule.justifiedBy);
              if (test) {
                const verifies = [...index.verified(test)].filter((k) => rule.justifiedBy.includes(k));
                result.justified.push({
                  rule: rule.id,
                  name: rule.name,
                  file: r.file ?? mod.file,
                  range: r.at,
                  module: mod.name,
                  test: { file: test.file, span: test.span, name: test.name, verifies },
                });
                return;
              }
              message += ` ${justificationNote(index, subjects, rule.justifiedBy)}`;
            }
            const tests = [...new Set(subjects.flatMap((s) => index.testsExercising(s)))].map((t) => ({ file: t.file, span: t.span, name: t.name }));
            result.findings.push({
              rule: rule.id,
              name: rule.name,
              messageId: r.messageId,
              severity: r.atMost && !atLeast(r.atMost, level) ? r.atMost : level,
              file: r.file ?? mod.file,
              range: r.at,
              message,
              module: mod.name,
              related: r.related ?? [],
              tests,
            });
          },
        });
      } catch (e) {
        result.failures.push({ rule: rule.id, module: mod.name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    return result;
  }
}
