// The `otp-advisor` command: check (text / JSON / SARIF, exit codes, baseline), baseline and explain.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIXABLE_RULES } from '../analysis/fixes';
import { isPhase, PHASES, type Phase } from '../analysis/phases';
import { RULES, ruleById } from '../analysis/rules';
import { adviceFor } from '../analysis/rules/explanation/advice';
import { ruleText } from '../analysis/rules/explanation/text';
import { VERSION } from '../version';
import { BaselineError } from './baseline';
import { check } from './check-command';
import { fail, PathError, ruleList, UsageError } from './errors';
import { explainAt, parsePlace } from './explain-at';
import { runFix } from './fix';

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
