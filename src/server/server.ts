// The OTP Advisor language server: keeps every mix project of the workspace analysed, re-parses an
// edited file incrementally, and publishes findings as diagnostics with quick fixes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver';
import { isPhase, type Phase } from '../analysis/phases';
import { loadParser, type Parser } from '../analysis/parse/parser';
import { ruleById } from '../analysis/rules';
import type { RuleSetting } from '../analysis/config';
import { fingerprints } from '../analysis/fingerprint';
import { Baselines } from './baselines';
import { ruleMarkdown } from '../cli/explain';
import { codeActionsFor, touching } from './code-actions';
import { fileUri, findingToDiagnostic } from './diagnostics';
import { applyChanges } from './edits';
import { isWatched, pathToUri, Projects, setText, textOf, uriToPath, type Located } from './projects';
import { askContext } from '../advisor/ask';
import { runTool } from '../mcp/tools';
import { liveSource } from './live-source';
import { VERSION } from '../version';
import { projectSummary } from './summary';
import {
  COMMANDS,
  CONTEXT_REQUEST,
  DEFAULT_SETTINGS,
  SET_PHASE,
  SOURCE,
  TOOL_REQUEST,
  type ContextParams,
  type ToolParams,
  type ToolResult,
  type ContextResult,
  type ExplanationResult,
  type InitializationOptions,
  type ServerSettings,
  type SetPhaseParams,
} from './protocol';

/** Yield to the event loop every this many files while indexing, so requests stay answered. */
const INDEX_BATCH = 20;

export function startServer(connection: Connection): void {
  let parser: Parser;
  let projects: Projects;
  let settings: ServerSettings = DEFAULT_SETTINGS;
  /** A phase set by the client's notification wins over the settings' phase until settings change again. */
  let notifiedPhase: Phase | undefined;
  let askExpert = false;
  let canWatchFiles = false;
  let canPullConfig = false;
  let canFollowFolders = false;
  /** Neovim 0.7, among others, does not implement window/showDocument. */
  let canShowDocument = false;
  let folders: string[] = [];
  /** Published diagnostics by URI (with their JSON, to send only what changed), for hovers and for clearing. */
  const published = new Map<string, { json: string; diagnostics: Diagnostic[] }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const dirtyRoots = new Set<string>();
  /** Roots being indexed: not published until their tests are read, or findings they justify would flash. */
  const indexing = new Set<string>();
  const baselines = new Baselines();

  const phase = (): Phase => notifiedPhase ?? settings.phase;

  connection.onInitialize(async (params: InitializeParams) => {
    parser = await loadParser();
    projects = new Projects(parser);
    askExpert = (params.initializationOptions as InitializationOptions | undefined)?.askExpert === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canPullConfig = params.capabilities.workspace?.configuration === true;
    canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
    canShowDocument = params.capabilities.window?.showDocument?.support === true;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (!folders.length && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders = [root];
    }
    projects.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'otp-advisor' },
    };
  });

  connection.onInitialized(async () => {
    connection.console.info(`OTP Advisor language server ${VERSION} (Node ${process.version}); workspace folders: ${folders.join(', ') || 'none'}`);
    if (canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Baseline files by their usual name (`otp-advisor baseline .otp-advisor-baseline.json`); others are re-read at the next analysis.
        watchers: [{ globPattern: '**/*.{ex,exs}' }, { globPattern: '**/.otp-advisor.json' }, { globPattern: '**/*baseline*.json' }],
      });
    }
    // Only clients that declare workspace folders may be asked for their changes (vscode-languageserver throws otherwise).
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
        folders = folders.filter((f) => !e.removed.some((r) => uriToPath(r.uri) === f));
        const added = e.added.map((a) => uriToPath(a.uri)).filter((p): p is string => !!p);
        folders.push(...added);
        projects.setFolders(folders);
        for (const [uri] of published) if (!projects.locate(uriToPath(uri) ?? '')) clear(uri);
        await indexFolders(added);
      });
    }
    await pullSettings();
    await indexFolders(folders);
  });

  async function pullSettings(): Promise<void> {
    if (!canPullConfig) return;
    const raw = (await connection.workspace.getConfiguration('otpAdvisor')) as Partial<Record<keyof ServerSettings, unknown>> | null;
    settings = {
      phase: isPhase(raw?.phase) ? raw.phase : DEFAULT_SETTINGS.phase,
      rules: raw?.rules && typeof raw.rules === 'object' ? (raw.rules as Record<string, unknown>) : {},
      exclude: Array.isArray(raw?.exclude) ? raw.exclude.filter((x): x is string => typeof x === 'string') : [],
      debounceMs: typeof raw?.debounceMs === 'number' && raw.debounceMs >= 0 ? raw.debounceMs : DEFAULT_SETTINGS.debounceMs,
      baselined: raw?.baselined === 'hint' ? 'hint' : DEFAULT_SETTINGS.baselined,
    };
    for (const root of projects.roots()) applySettings(root);
  }

  function applySettings(root: string): void {
    projects.project(root)?.setEditorSettings({ rules: settings.rules as Record<string, RuleSetting>, exclude: settings.exclude });
  }

  /**
   * Reads every file of the folders' projects, open documents first, with cancellable progress, then
   * publishes and logs what each project gave: a project without findings must not look like a broken server.
   */
  async function indexFolders(list: string[]): Promise<void> {
    const progress = await connection.window.createWorkDoneProgress();
    let found: { root: string; files: string[] }[] = [];
    const readMs = new Map<string, number>();
    try {
      found = (await Promise.all(list.map((f) => projects.discover(f)))).flat();
      for (const { root, files } of found) {
        indexing.add(root);
        connection.console.info(`Found project ${root}: ${files.length} files`);
      }
      const total = found.reduce((n, p) => n + p.files.length, 0);
      progress.begin('OTP Advisor: indexing', 0, `${total} files`, true);
      let done = 0;
      for (const { root, files } of found) {
        const started = Date.now();
        applySettings(root);
        for (const path of files) {
          if (progress.token.isCancellationRequested) break;
          await guard(path, () => projects.loadFromDisk(path));
          if (++done % INDEX_BATCH === 0) {
            progress.report(Math.round((done / total) * 100), `${done}/${total} files`);
            await new Promise((r) => setImmediate(r));
          }
        }
        readMs.set(root, Date.now() - started);
        indexing.delete(root);
      }
    } finally {
      // Cancelled or failed half-way: what was read is published rather than held back for ever.
      for (const { root } of found) indexing.delete(root);
      progress.done();
    }
    for (const { root } of found) {
      const started = Date.now();
      const findings = publishProject(root);
      dirtyRoots.delete(root);
      const project = projects.project(root);
      if (!project || findings === undefined) continue;
      const ms = (readMs.get(root) ?? 0) + Date.now() - started;
      connection.console.info(projectSummary(root, project, ms, findings));
    }
    publishDirty();
  }

  /** Runs an engine step for one file; a failure is logged and only that file's findings go away. */
  async function guard(path: string, step: () => unknown): Promise<void> {
    try {
      await step();
      const loc = projects.locate(path);
      const failed = loc?.project.extractionErrors.get(loc.file);
      if (failed) connection.console.error(`OTP Advisor could not analyse ${path}: ${failed}`);
    } catch (e) {
      const loc = projects.remove(path);
      if (loc) dirtyRoots.add(loc.root);
      connection.console.error(`OTP Advisor could not analyse ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function publishDirty(): void {
    for (const root of dirtyRoots) {
      if (indexing.has(root)) continue;
      publishProject(root);
      dirtyRoots.delete(root);
    }
  }

  /** Analyses a project and publishes what changed; returns how many findings it reports. */
  function publishProject(root: string): number | undefined {
    const project = projects.project(root);
    if (!project) return undefined;
    const analysis = project.analyze(phase());
    for (const f of analysis.ruleFailures) connection.console.error(`Rule ${f.rule} failed on ${f.module}: ${f.error}`);
    const next = new Map<string, Diagnostic[]>();
    // Fingerprints over the whole project, as the CLI computes them, so the same baseline matches both.
    const baseline = project.config.baseline === undefined ? undefined : baselines.get(root, project.config.baseline);
    const inBaseline =
      baseline && 'fingerprints' in baseline ? fingerprints(analysis.findings, (file) => textOf(project, file)).map((fp) => baseline.fingerprints.has(fp)) : [];
    for (const [i, finding] of analysis.findings.entries()) {
      if (project.isExcluded(finding.file)) continue;
      if (inBaseline[i] && settings.baselined === 'hide') continue;
      const uri = fileUri(root, finding.file);
      const d = findingToDiagnostic(finding, root);
      next.set(uri, [...(next.get(uri) ?? []), inBaseline[i] ? { ...d, severity: DiagnosticSeverity.Hint, message: `${d.message} (in the baseline)` } : d]);
    }
    const configUri = fileUri(root, '.otp-advisor.json');
    const configErrors = [...project.configErrors];
    if (baseline && 'error' in baseline) configErrors.push({ file: '.otp-advisor.json', field: 'baseline', message: baseline.error });
    if (configErrors.length) {
      next.set(
        configUri,
        configErrors.map((e) => ({
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          severity: 1,
          source: SOURCE,
          message: `"${e.field}" ${e.message}; defaults are used for it.`,
        })),
      );
    }
    for (const uri of published.keys()) if (!next.has(uri) && projects.locate(uriToPath(uri) ?? '')?.root === root) clear(uri);
    for (const [uri, diagnostics] of next) send(uri, diagnostics);
    return analysis.findings.filter((f) => !project.isExcluded(f.file)).length;
  }

  function send(uri: string, diagnostics: Diagnostic[]): void {
    const json = JSON.stringify(diagnostics);
    if (published.get(uri)?.json === json) return;
    published.set(uri, { json, diagnostics });
    void connection.sendDiagnostics({ uri, diagnostics });
  }

  function clear(uri: string): void {
    published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  function schedule(loc: Located, uri: string): void {
    dirtyRoots.add(loc.root);
    clearTimeout(timers.get(uri));
    if (settings.debounceMs === 0) return publishDirty();
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        publishDirty();
      }, settings.debounceMs),
    );
  }

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const path = uriToPath(textDocument.uri);
    const loc = path && isWatched(path) ? projects.locate(path) : undefined;
    if (!path || !loc) return;
    const doc = { uri: textDocument.uri, text: textDocument.text, version: textDocument.version, tree: undefined as ReturnType<typeof setText> };
    projects.open.set(textDocument.uri, doc);
    void guard(path, () => {
      doc.tree = setText(loc, doc.text);
    }).then(() => schedule(loc, textDocument.uri));
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = projects.open.get(textDocument.uri);
    const path = uriToPath(textDocument.uri);
    const loc = path ? projects.locate(path) : undefined;
    if (!doc || !path || !loc) return;
    const { text, treeValid } = applyChanges(doc.text, contentChanges, doc.tree);
    doc.text = text;
    doc.version = textDocument.version;
    const old = treeValid ? doc.tree : undefined;
    if (!treeValid) doc.tree?.delete();
    doc.tree = undefined;
    void guard(path, () => {
      doc.tree = setText(loc, text, old);
    }).then(() => {
      old?.delete();
      schedule(loc, textDocument.uri);
    });
  });

  // Closing keeps the file's findings (the Problems panel shows the whole project); the disk is the truth again.
  connection.onDidCloseTextDocument(({ textDocument }) => {
    const doc = projects.open.get(textDocument.uri);
    projects.open.delete(textDocument.uri);
    doc?.tree?.delete();
    const path = uriToPath(textDocument.uri);
    if (!path || !isWatched(path)) return;
    void guard(path, async () => {
      const loc = await projects.loadFromDisk(path).catch(() => projects.remove(path));
      if (loc) schedule(loc, textDocument.uri);
    });
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const path = uriToPath(change.uri);
      if (path && !isWatched(path)) {
        for (const root of projects.roots()) if (Baselines.isBaselineOf(root, projects.project(root)?.config.baseline, path)) dirtyRoots.add(root);
        continue;
      }
      if (!path || projects.open.has(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        const loc = projects.remove(path);
        if (loc) dirtyRoots.add(loc.root);
        clear(change.uri);
      } else {
        await guard(path, async () => {
          const loc = await projects.loadFromDisk(path);
          if (loc) dirtyRoots.add(loc.root);
        });
      }
    }
    publishDirty();
  });

  connection.onDidChangeConfiguration(async () => {
    notifiedPhase = undefined;
    await pullSettings();
    for (const root of projects.roots()) dirtyRoots.add(root);
    publishDirty();
  });

  connection.onNotification(SET_PHASE, (params: SetPhaseParams) => {
    if (!isPhase(params?.phase)) return;
    notifiedPhase = params.phase;
    for (const root of projects.roots()) dirtyRoots.add(root);
    publishDirty();
  });

  // The client's `context.diagnostics` are the ones it last received: right after an edit (before the
  // debounce publishes) they point at where the code was, so a fix placed from them lands on the wrong
  // line, and a finding moved under the cursor has none. The fixes come from this server's findings for
  // the document's current text instead, analysed now if an analysis is pending.
  connection.onCodeAction(({ textDocument, range }) => {
    const doc = projects.open.get(textDocument.uri);
    const path = uriToPath(textDocument.uri);
    const loc = path ? projects.locate(path) : undefined;
    if (!doc || !loc) return [];
    if (dirtyRoots.has(loc.root)) {
      clearTimeout(timers.get(textDocument.uri));
      timers.delete(textDocument.uri);
      publishDirty();
    }
    const here = (published.get(textDocument.uri)?.diagnostics ?? []).filter((d) => touching(d.range, range));
    return codeActionsFor(textDocument.uri, doc.text, here, askExpert);
  });

  /** A project file's text: the open document's (unsaved edits included), else the disk's. */
  function liveText(root: string): (file: string) => string | undefined {
    return (file) => {
      const abs = join(root, file);
      const open = projects.open.get(pathToUri(abs));
      if (open) return open.text;
      try {
        return readFileSync(abs, 'utf8');
      } catch {
        return undefined;
      }
    };
  }

  connection.onHover(({ textDocument, position }) => {
    const hits = (published.get(textDocument.uri)?.diagnostics ?? []).filter((d) => touching(d.range, { start: position, end: position }));
    const parts = hits.flatMap((d) => {
      const rule = ruleById(String(d.code));
      return rule ? [`**${rule.id} ${rule.name}** — ${rule.explanation.what}\n\n${rule.explanation.why}`] : [];
    });
    return parts.length ? { contents: { kind: 'markdown', value: [...new Set(parts)].join('\n\n---\n\n') } } : null;
  });

  connection.onRequest(CONTEXT_REQUEST, async (params: ContextParams): Promise<ContextResult | null> => {
    const path = uriToPath(params?.uri ?? '');
    const loc = path ? projects.locate(path) : undefined;
    if (!loc) return null;
    const result = await askContext({
      project: loc.project,
      file: loc.file,
      line: Number(params.line) || 0,
      ...(params.rule !== undefined ? { rule: String(params.rule) } : {}),
      question: String(params.question ?? ''),
      phase: phase(),
      phaseSource: params.phaseSource ?? { kind: 'manual' },
      readText: liveText(loc.root),
    });
    return 'missing' in result ? null : { ...result, phase: phase() };
  });

  const tools = liveSource({
    folders: () => folders,
    projects: () => projects,
    phase: () => ({ phase: phase(), ...(toolPhaseReason ? { reason: toolPhaseReason } : {}) }),
    readText: liveText,
  });
  let toolPhaseReason: string | undefined;
  connection.onRequest(TOOL_REQUEST, async (params: ToolParams): Promise<ToolResult> => {
    // Answers wait for indexing: a half-read project would miss the tests that justify processes.
    for (let waited = 0; indexing.size && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    toolPhaseReason = typeof params?.phaseReason === 'string' ? params.phaseReason : undefined;
    return runTool(tools, String(params?.name ?? ''), params?.input);
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command === COMMANDS.analyzeWorkspace) {
      await indexFolders(folders);
      return { projects: projects.roots().length };
    }
    if (command === COMMANDS.showRuleExplanation) {
      const rule = ruleById(String(args?.[0] ?? ''));
      if (!rule) return null;
      // A file any editor can show: other clients have no markdown view of their own for it.
      const dir = join(tmpdir(), 'otp-advisor');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${rule.id}-${rule.name}.md`);
      const markdown = ruleMarkdown(rule);
      writeFileSync(file, markdown);
      const shown = canShowDocument && (await connection.window.showDocument({ uri: pathToUri(file), takeFocus: true }).then((r) => r.success, () => false));
      // A client that cannot open it gets the text as the command's result, and the file's path to open.
      // window/showMessage: a notification (showInformationMessage would be a request the client may not answer).
      if (!shown) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `${rule.id} ${rule.name}: ${rule.explanation.what} Explanation: ${file}` });
      const result: ExplanationResult = { rule: rule.id, file, shown, markdown };
      return result;
    }
    return null;
  });

  connection.listen();
}
