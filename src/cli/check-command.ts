// `check` and `baseline`: options, the run, the baseline, warnings on stderr, the report and the exit code.
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { atLeast, isLevel, isPhase, PHASES, type Level, type Phase } from '../analysis/phases';
import { RULES } from '../analysis/rules';
import type { Rule } from '../analysis/rules/define';
import { DEFAULT_MAX_FILE_BYTES } from '../analysis/workspace';
import { VERSION } from '../version';
import { applyBaseline, describeEntries, readBaseline, updateBaseline } from './baseline';
import { PathError, ruleList, UsageError } from './errors';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { runCheck } from './run';

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
export async function check(args: string[], mode: 'check' | 'baseline' = 'check'): Promise<number> {
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

/** 3.1 MB, or 5 KB under a megabyte. */
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);
