// The `otp-advisor` command: check (text / JSON / SARIF, exit codes, baseline), baseline and explain.
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { DEFAULT_MAX_FILE_BYTES } from '../analysis/workspace';
import { resolve } from 'node:path';
import { atLeast, isLevel, isPhase, PHASES, type Level, type Phase } from '../analysis/phases';
import { RULES, ruleById } from '../analysis/rules';
import type { Rule } from '../analysis/rules/define';
import { applyBaseline, BaselineError, describeEntries, readBaseline, updateBaseline } from './baseline';
import { explainAt, parsePlace } from './explain-at';
import { adviceFor } from '../analysis/rules/explanation/advice';
import { ruleText } from '../analysis/rules/explanation/text';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { runCheck } from './run';
import { runFix } from './fix';
import { FIXABLE_RULES } from '../analysis/fixes';
import { VERSION } from '../version';

const USAGE = `Usage:
  otp-advisor check [paths...] [--format text|json|sarif] [--phase red|green|refactor]
                    [--fail-on error|warning|information|hint|never] [--output FILE]
                    [--only RULE,...] [--ignore RULE,...] [--baseline FILE] [--update-baseline FILE]
                    [--max-file-size MB]  skip larger files, with a warning (default 2)
  otp-advisor baseline FILE [paths...] [--phase ...] [--only ...] [--ignore ...]
                                  write every current finding into FILE (same as check --update-baseline)
  otp-advisor explain [RULE] [--phase red|green|refactor]
                                  explain a rule (OTP001), for a TDD phase, or list them all
  otp-advisor explain FILE:LINE[:COLUMN] [--phase ...]
                                  explain the findings at that place
  otp-advisor fix [paths...] [--rule RULE]... [--dry-run] [--phase ...]
                                  rewrite the findings that have a safe rewrite (OTP001, OTP003, OTP007, OTP008);
                                  --dry-run prints the unified diff and changes nothing
  otp-advisor lsp --stdio         run the language server (also --node-ipc, --socket=PORT)
  otp-advisor mcp [--root DIR]... run the MCP server on stdio (reads the client's roots, else DIR or .)
  otp-advisor --version

Exit codes: 0 no finding at or above --fail-on (default warning), 1 some, 2 usage error, unreadable path or baseline.
fix: 0 something fixed (or nothing to fix), 1 findings remain and none could be fixed safely, 2 usage error.`;

class UsageError extends Error {}
/** A path that cannot be read or written: one line, exit 2, no usage text (the command line was right). */
class PathError extends Error {}

/** Why `p` cannot be read, or undefined: it must exist, be a file or folder, and be readable (a folder, listable). */
function unreadablePath(p: string): string | undefined {
  try {
    const st = statSync(p);
    if (!st.isDirectory() && !st.isFile()) return 'not a regular file or directory';
    accessSync(p, st.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
  }
}

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  phase?: Phase;
  failOn: Level | 'never';
  output?: string;
  /** The rules to run, after --only and --ignore. */
  rules: readonly Rule[];
  baseline?: string;
  updateBaseline?: string;
  maxFileBytes?: number;
}

/** `OTP001,stateless-genserver` → the rules; an unknown id is a usage error. */
function ruleList(flag: string, v: string): Rule[] {
  const ids = v.split(',').map((x) => x.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError(`${flag} needs rule ids, e.g. ${flag} OTP001,OTP023`);
  return ids.map((id) => ruleById(id) ?? fail(`${flag}: unknown rule "${id}"; \`otp-advisor explain\` lists them`));
}

function fail(message: string): never {
  throw new UsageError(message);
}

function parseCheckArgs(args: string[]): CheckOptions {
  const opts: CheckOptions = { paths: [], format: 'text', failOn: 'warning', rules: RULES };
  let only: Rule[] | undefined;
  const ignore: Rule[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${v}")`);
        opts.format = v;
        break;
      }
      case '--phase': {
        const v = value();
        if (!isPhase(v)) throw new UsageError(`--phase must be one of ${PHASES.join(', ')} (got "${v}")`);
        opts.phase = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (v !== 'never' && !isLevel(v)) throw new UsageError(`--fail-on must be error, warning, information, hint or never (got "${v}")`);
        opts.failOn = v;
        break;
      }
      case '--output':
      case '-o':
        opts.output = value();
        break;
      case '--only':
        only = [...(only ?? []), ...ruleList(flag, value())];
        break;
      case '--ignore':
        ignore.push(...ruleList(flag, value()));
        break;
      case '--baseline':
        opts.baseline = value();
        break;
      case '--update-baseline':
        opts.updateBaseline = value();
        break;
      case '--max-file-size': {
        const v = value();
        const mb = Number(v);
        if (!(mb > 0)) throw new UsageError(`--max-file-size takes megabytes, a number above 0 (got "${v}")`);
        opts.maxFileBytes = Math.round(mb * 1024 * 1024);
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        opts.paths.push(a);
    }
  }
  opts.rules = (only ?? RULES).filter((r) => !ignore.includes(r));
  if (!opts.paths.length) opts.paths.push('.');
  for (const p of opts.paths) {
    const why = unreadablePath(p);
    if (why) throw new PathError(`cannot read ${p}: ${why}`);
  }
  return opts;
}

/** `baseline` mode writes the baseline and says so on stdout, with no report. */
async function check(args: string[], mode: 'check' | 'baseline' = 'check'): Promise<number> {
  const opts = parseCheckArgs(args);
  const result = await runCheck(opts.paths, opts.phase, process.cwd(), opts.rules, opts.maxFileBytes);
  if (opts.updateBaseline) {
    const { written, added, pruned } = updateBaseline(opts.updateBaseline, result, opts.rules);
    const say = (text: string) => (mode === 'baseline' ? process.stdout : process.stderr).write(text);
    say(`${mode === 'baseline' ? '' : 'otp-advisor: '}wrote ${opts.updateBaseline}: ${written} entr${written === 1 ? 'y' : 'ies'}, ${added} new, ${pruned.length} pruned.\n`);
    if (pruned.length) say(`Pruned (no such finding any more):\n${describeEntries(pruned)}\n`);
    if (mode === 'baseline') return 0;
  }
  const baselineFile = opts.baseline ?? opts.updateBaseline;
  if (baselineFile) {
    const { hidden, stale } = applyBaseline(result, readBaseline(baselineFile), opts.rules);
    result.baselined = hidden;
    if (stale.length && !opts.updateBaseline) {
      process.stderr.write(
        `otp-advisor: ${stale.length} entr${stale.length === 1 ? 'y' : 'ies'} of ${baselineFile} match no finding any more; \`otp-advisor baseline ${baselineFile}\` prunes them:\n${describeEntries(stale)}\n`,
      );
    }
  }
  for (const e of result.configErrors) process.stderr.write(`otp-advisor: ${e.file}: "${e.field}" ${e.message}; using defaults for it.\n`);
  for (const u of result.unreadable) process.stderr.write(`otp-advisor: cannot read ${u.file}: ${u.error}\n`);
  for (const t of result.tooLarge) {
    process.stderr.write(`otp-advisor: skipped ${t.file}: ${size(t.bytes)}, over the ${size(opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)} limit (--max-file-size)\n`);
  }
  for (const f of result.ruleFailures) process.stderr.write(`otp-advisor: rule ${f.rule} failed on ${f.module} (other rules ran): ${f.error.split('\n')[0]}\n`);
  const out =
    opts.format === 'json'
      ? formatJson(result)
      : opts.format === 'sarif'
        ? formatSarif(result, VERSION)
        : formatText(result, !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  if (opts.output) {
    try {
      writeFileSync(opts.output, out);
    } catch (e) {
      throw new PathError(`cannot write ${opts.output}: ${(e as Error).message}`);
    }
  } else process.stdout.write(out);
  if (opts.failOn === 'never') return 0;
  return result.findings.some((f) => atLeast(f.severity, opts.failOn as Level)) ? 1 : 0;
}

async function explain(args: string[]): Promise<number> {
  const place = args.length ? parsePlace(args[0]) : undefined;
  if (place) {
    const [, flag, value] = args;
    const phase = flag === undefined ? undefined : flag === '--phase' ? value : flag.startsWith('--phase=') ? flag.slice(8) : '';
    if (phase !== undefined && !isPhase(phase)) throw new UsageError(`explain takes a place (lib/x.ex:12) and an optional --phase red|green|refactor`);
    try {
      if (!statSync(place.path).isFile()) throw new PathError(`cannot read ${place.path}: not a regular file`);
    } catch (e) {
      if (e instanceof PathError) throw e;
      throw new PathError(`cannot read ${place.path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    process.stdout.write(await explainAt(place, phase));
    return 0;
  }
  if (!args.length) {
    for (const r of RULES) process.stdout.write(`${r.id}  ${r.name.padEnd(32)} ${r.explanation.what}\n`);
    return 0;
  }
  const [id, flag, value] = args;
  const rule = ruleById(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"; \`otp-advisor explain\` lists them`);
  if (flag === undefined) {
    process.stdout.write(ruleText(rule) + '\n');
    return 0;
  }
  // With a phase: the advisor's offline explanation, the same markdown the editor shows before an answer.
  const phase = flag === '--phase' ? value : flag.startsWith('--phase=') ? flag.slice(8) : undefined;
  if (!isPhase(phase)) throw new UsageError(`explain takes a rule and an optional --phase red|green|refactor`);
  process.stdout.write(adviceFor(rule, undefined, phase) + '\n');
  return 0;
}

async function fix(args: string[]): Promise<number> {
  const paths: string[] = [];
  const rules: string[] = [];
  let dryRun = false;
  let phase: Phase | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i] ?? fail(`${flag} needs a value`);
    if (flag === '--dry-run') dryRun = true;
    else if (flag === '--rule') rules.push(...ruleList('--rule', value()).map((r) => r.id));
    else if (flag === '--phase') {
      const v = value();
      phase = isPhase(v) ? v : fail(`--phase must be one of ${PHASES.join(', ')}`);
    } else if (a.startsWith('-')) fail(`unknown option for fix: ${a}`);
    else paths.push(a);
  }
  const unfixable = rules.filter((r) => !FIXABLE_RULES.has(r));
  if (unfixable.length) fail(`--rule ${unfixable.join(',')}: no automatic rewrite; fix rewrites ${[...FIXABLE_RULES].join(', ')}`);
  for (const p of paths) if (!statSync(p, { throwIfNoEntry: false })) fail(`cannot read ${p}: no such file or directory`);
  return runFix({ paths, rules, dryRun, phase });
}

/** Runs the language server until the client disconnects; the exit code comes from the LSP exit handshake. */
async function lsp(args: string[]): Promise<number> {
  if (!args.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    throw new UsageError('lsp needs a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)');
  }
  const { serverConnection } = await import('../server/transport');
  const { startServer } = await import('../server/server');
  startServer(serverConnection());
  return new Promise<number>(() => {});
}

/** Serves MCP on stdio until the client closes the connection. */
async function mcp(args: string[]): Promise<number> {
  const roots: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const dir = a === '--root' ? args[++i] : a.startsWith('--root=') ? a.slice(7) : undefined;
    if (dir === undefined) throw new UsageError(a === '--root' ? '--root needs a folder' : `unknown option for mcp: ${a}`);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--root ${dir}: not a folder`);
    roots.push(resolve(dir));
  }
  const { serveStdio } = await import('../mcp/server');
  await serveStdio({ version: VERSION, roots: roots.length ? roots : [process.cwd()] });
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest);
      case 'explain':
        return await explain(rest);
      case 'baseline': {
        const [file, ...more] = rest;
        if (!file || file.startsWith('-')) throw new UsageError('baseline needs the file to write: otp-advisor baseline .otp-advisor-baseline.json');
        return await check([...more, '--update-baseline', file], 'baseline');
      }
      case 'fix':
        return await fix(rest);
      case 'lsp':
        return await lsp(rest);
      case 'mcp':
        return await mcp(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    }
  } catch (e) {
    if (e instanceof BaselineError || e instanceof PathError) {
      process.stderr.write(`otp-advisor: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`otp-advisor: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`otp-advisor: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    return 2;
  }
}

// A reader that stops early (`otp-advisor explain | head`) is not an error: exit quietly, keeping the code.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit();
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

/** 3.1 MB, or 5 KB under a megabyte. */
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);
