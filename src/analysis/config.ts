// `.otp-advisor.json` at a project root: phase, per-rule severities, excluded paths, baseline file.
// A broken file never stops analysis: every problem becomes a ConfigError naming file and field,
// and the defaults stand in for what could not be read.
import { isLevel, isPhase, PHASES, type Level, type Phase } from './phases';

export const CONFIG_FILE = '.otp-advisor.json';

export type RuleSetting = Level | Partial<Record<Phase, Level>>;

export interface Config {
  phase?: Phase;
  rules: Record<string, RuleSetting>;
  /** Globs of project-relative paths to skip (`**` crosses directories, `*` does not). */
  exclude: string[];
  /** Project-relative path of the baseline file (baseline.ts) the language server honours. */
  baseline?: string;
}

export interface ConfigError {
  file: string;
  field: string;
  message: string;
}

export const DEFAULT_CONFIG: Config = { rules: {}, exclude: [] };

const LEVELS = 'error, warning, information, hint or off';

export function parseConfig(text: string, file: string, knownRules: ReadonlySet<string>): { config: Config; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const config: Config = { rules: {}, exclude: [] };
  const fail = (field: string, message: string) => errors.push({ file, field, message });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail('(file)', `is not valid JSON: ${(e as Error).message}`);
    return { config, errors };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail('(file)', 'must be a JSON object');
    return { config, errors };
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case '$schema':
        break;
      case 'phase':
        if (isPhase(value)) config.phase = value;
        else fail('phase', `must be one of ${PHASES.join(', ')} (got ${JSON.stringify(value)})`);
        break;
      case 'exclude':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) config.exclude = value;
        else fail('exclude', 'must be an array of glob strings');
        break;
      case 'baseline':
        if (typeof value === 'string' && value.trim() !== '') config.baseline = value;
        else fail('baseline', 'must be the path of a baseline file, relative to the project root');
        break;
      case 'rules':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          fail('rules', 'must be an object mapping rule ids to a severity');
          break;
        }
        for (const [id, setting] of Object.entries(value)) {
          const field = `rules.${id}`;
          if (!knownRules.has(id)) fail(field, `is not a known rule id (see \`otp-advisor explain\`)`);
          else if (isLevel(setting)) config.rules[id] = setting;
          else if (typeof setting === 'object' && setting !== null && !Array.isArray(setting)) {
            const perPhase: Partial<Record<Phase, Level>> = {};
            for (const [phase, level] of Object.entries(setting)) {
              if (!isPhase(phase)) fail(`${field}.${phase}`, `is not a phase (${PHASES.join(', ')})`);
              else if (!isLevel(level)) fail(`${field}.${phase}`, `must be ${LEVELS}`);
              else perPhase[phase] = level;
            }
            config.rules[id] = perPhase;
          } else fail(field, `must be ${LEVELS}, or an object with red/green/refactor keys`);
        }
        break;
      default:
        fail(key, 'is not a known setting (phase, rules, exclude, baseline)');
    }
  }
  return { config, errors };
}

export function levelFor(defaults: Record<Phase, Level>, setting: RuleSetting | undefined, phase: Phase): Level {
  if (setting === undefined) return defaults[phase];
  if (typeof setting === 'string') return setting;
  return setting[phase] ?? defaults[phase];
}

export function globToRegExp(pattern: string): RegExp {
  // Paths are project-relative: `./lib` is `lib`, and `deps/` names the folder `deps`.
  const glob = pattern.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      // `**/x` is x in any folder, the root included, but not `notx`.
      if (glob[i + 1] === '/') {
        re += '(?:.*/)?';
        i++;
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A directory glob (`deps/`, `lib/legacy`) excludes everything under it.
  return new RegExp(`^${re}(?:/.*)?$`);
}
