// Time limits in the end-to-end suite are a safety net, never a measurement: every step waits for a state
// the user would see, and a limit only decides when a stuck workbench is reported. On a loaded machine (a CI
// runner's two cores shared with other jobs) code-server takes minutes for what takes seconds on a quiet
// one, so every limit is multiplied by E2E_TIME_SCALE (default 3).
const fromEnv = Number(process.env.E2E_TIME_SCALE);
const TIME_SCALE = Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 3;

export function scaled(ms: number): number {
  return Math.round(ms * TIME_SCALE);
}
