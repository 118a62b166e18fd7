// The `otp-advisor` command: check (text / JSON / SARIF, exit codes) and explain.
import { statSync, writeFileSync } from 'node:fs';
import { atLeast, isLevel, isPhase, PHASES, type Level, type Phase } from '../analysis/phases';
import { RULES, ruleById } from '../analysis/rules';
import { explain as explainForPhase } from '../advisor/explain';
import { ruleText } from './explain';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { runCheck } from './run';
import { VERSION } from '../version';

const USAGE = `Usage:
  otp-advisor check [paths...] [--format text|json|sarif] [--phase red|green|refactor]
                    [--fail-on error|warning|information|hint|never] [--output FILE]
  otp-advisor explain [RULE] [--phase red|green|refactor]
                                  explain a rule (OTP001), for a TDD phase, or list them all
  otp-advisor lsp --stdio         run the language server (also --node-ipc, --socket=PORT)
  otp-advisor --version

Exit codes: 0 no finding at or above --fail-on (default warning), 1 some, 2 usage error or unreadable path.`;

class UsageError extends Error {}

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  phase?: Phase;
  failOn: Level | 'never';
  output?: string;
}

function parseCheckArgs(args: string[]): CheckOptions {
  const opts: CheckOptions = { paths: [], format: 'text', failOn: 'warning' };
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
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        opts.paths.push(a);
    }
  }
  if (!opts.paths.length) opts.paths.push('.');
  for (const p of opts.paths) {
    let ok: boolean;
    try {
      const st = statSync(p);
      ok = st.isDirectory() || st.isFile();
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    if (!ok) throw new UsageError(`cannot read ${p}: not a regular file or directory`);
  }
  return opts;
}

async function check(args: string[]): Promise<number> {
  const opts = parseCheckArgs(args);
  const result = await runCheck(opts.paths, opts.phase);
  for (const e of result.configErrors) process.stderr.write(`otp-advisor: ${e.file}: "${e.field}" ${e.message}; using defaults for it.\n`);
  for (const u of result.unreadable) process.stderr.write(`otp-advisor: cannot read ${u.file}: ${u.error}\n`);
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
      throw new UsageError(`cannot write ${opts.output}: ${(e as Error).message}`);
    }
  } else process.stdout.write(out);
  if (opts.failOn === 'never') return 0;
  return result.findings.some((f) => atLeast(f.severity, opts.failOn as Level)) ? 1 : 0;
}

function explain(args: string[]): number {
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
  process.stdout.write(explainForPhase(rule, undefined, phase) + '\n');
  return 0;
}

/** Runs the language server until the client disconnects; the exit code comes from the LSP exit handshake. */
async function lsp(args: string[]): Promise<number> {
  if (!args.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    throw new UsageError('lsp needs a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)');
  }
  const { createConnection, ProposedFeatures } = await import('vscode-languageserver/node');
  const { startServer } = await import('../server/server');
  startServer(createConnection(ProposedFeatures.all));
  return new Promise<number>(() => {});
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest);
      case 'explain':
        return explain(rest);
      case 'lsp':
        return await lsp(rest);
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
