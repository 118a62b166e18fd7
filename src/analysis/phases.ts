// TDD phases and the severities a finding can take in them.
export const PHASES = ['red', 'green', 'refactor'] as const;
export type Phase = (typeof PHASES)[number];

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A rule's setting in one phase: a severity or `off`. */
export type Level = Severity | 'off';
export type PhaseLevels = Record<Phase, Level>;

const RANK: Record<Level, number> = { off: 0, hint: 1, information: 2, warning: 3, error: 4 };

export function isPhase(x: unknown): x is Phase {
  return typeof x === 'string' && (PHASES as readonly string[]).includes(x);
}

export function isLevel(x: unknown): x is Level {
  return x === 'off' || (typeof x === 'string' && (SEVERITIES as readonly string[]).includes(x));
}

/** True when `level` is at least as severe as `threshold`. */
export function atLeast(level: Level, threshold: Level): boolean {
  return RANK[level] >= RANK[threshold] && level !== 'off';
}
