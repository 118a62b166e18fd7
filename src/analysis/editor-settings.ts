// The editor settings under `otpAdvisor` as typed values: one reader and one set of defaults for the VS Code
// extension (getConfiguration) and the language server (workspace/configuration from any client).
import { isPhase, type Phase } from './phases';
import type { PhaseSetting } from './phase-detection/detect';

export const PHASE_SETTINGS: readonly PhaseSetting[] = ['auto', 'red', 'green', 'refactor'];

export interface AdvisorSettings {
  model: string;
  maxTokens: number;
  apiBaseUrl: string;
  /** Name of a Claude Code agent file's persona; empty for the built-in OTP expert. */
  persona: string;
}

export interface Settings {
  /** `auto` follows the user's test runs; the server only ever sees a concrete phase. */
  phase: PhaseSetting;
  /** Passed through to the server, which merges it under `.otp-advisor.json` and reports bad entries. */
  rules: Record<string, unknown>;
  exclude: string[];
  debounceMs: number;
  /** Findings in the project's baseline file: hidden, or shown as hints. */
  baselined: 'hide' | 'hint';
  /** Megabytes above which a file is not analysed. */
  maxFileSize: number;
  advisor: AdvisorSettings;
}

export const DEFAULTS: Settings = {
  phase: 'auto',
  rules: {},
  exclude: [],
  debounceMs: 150,
  baselined: 'hide',
  maxFileSize: 2,
  advisor: { model: 'claude-sonnet-5', maxTokens: 4096, apiBaseUrl: 'https://api.anthropic.com', persona: '' },
};

export function isPhaseSetting(x: unknown): x is PhaseSetting {
  return x === 'auto' || isPhase(x);
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function positiveInt(x: unknown, fallback: number): number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : fallback;
}

function positiveNumber(x: unknown, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : fallback;
}

/** An http(s) URL without a trailing slash, or the default. */
function baseUrl(x: unknown): string {
  if (typeof x !== 'string' || !x.trim()) return DEFAULTS.advisor.apiBaseUrl;
  try {
    const url = new URL(x.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href.replace(/\/+$/, '') : DEFAULTS.advisor.apiBaseUrl;
  } catch {
    return DEFAULTS.advisor.apiBaseUrl;
  }
}

/**
 * Reads settings through `get(key)` (keys relative to `otpAdvisor`). Settings edited by hand in
 * settings.json can hold anything: a wrong value falls back to its default rather than failing.
 */
export function readSettings(get: (key: string) => unknown): Settings {
  const phase = get('phase');
  const rules = get('rules');
  const exclude = get('exclude');
  const debounceMs = get('debounceMs');
  const model = get('advisor.model');
  return {
    phase: isPhaseSetting(phase) ? phase : DEFAULTS.phase,
    rules: isRecord(rules) ? rules : {},
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    debounceMs: typeof debounceMs === 'number' && Number.isFinite(debounceMs) && debounceMs >= 0 ? debounceMs : DEFAULTS.debounceMs,
    baselined: get('baselined') === 'hint' ? 'hint' : DEFAULTS.baselined,
    maxFileSize: positiveNumber(get('maxFileSize'), DEFAULTS.maxFileSize),
    advisor: {
      model: typeof model === 'string' && model.trim() ? model.trim() : DEFAULTS.advisor.model,
      maxTokens: positiveInt(get('advisor.maxTokens'), DEFAULTS.advisor.maxTokens),
      apiBaseUrl: baseUrl(get('advisor.apiBaseUrl')),
      persona: typeof get('advisor.persona') === 'string' ? (get('advisor.persona') as string).trim() : '',
    },
  };
}

/**
 * The `otpAdvisor` section as the server reads it (workspace/configuration): the same values, with
 * `phase` replaced by the phase in effect, since the server knows no `auto`.
 */
export function serverSection(section: unknown, phase: Phase): Record<string, unknown> {
  return { ...(isRecord(section) ? section : {}), phase };
}

/**
 * Reads settings from a section as workspace/configuration returns it (nested objects: `advisor.model` is
 * `{ advisor: { model } }`).
 */
export function readSection(section: unknown): Settings {
  return readSettings((key) => key.split('.').reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), section));
}

/** The phase the server judges in: the client's concrete phase; `auto` (which only a client can follow) counts as GREEN, the phase before any test run. */
export function concretePhase(setting: PhaseSetting): Phase {
  return setting === 'auto' ? 'green' : setting;
}
