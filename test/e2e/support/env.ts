// What the e2e global setup hands to every suite (vitest provide/inject), and the check each suite
// makes for the tools it needs: with CI=true a missing tool fails the run, locally it skips with a note.
import { inject } from 'vitest';

export interface E2eEnv {
  /** The code-server launcher, from the cache folder. */
  codeServer: string;
  /** An extensions folder with the packaged .vsix installed. */
  extensionsDir: string;
  vsix: string;
  /** Scratch space for this run: project copies, user-data folders. */
  workDir: string;
  /** Screenshots and logs, kept after the run. */
  artifactsDir: string;
  /** Tools not found, by name (elixir, neovim). */
  missing: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eEnv;
  }
}

export function e2eEnv(): E2eEnv {
  return inject('e2e');
}

/** True when `tool` is missing here and so the scenario is skipped; fails instead under CI. */
export function skipWithout(tool: string): boolean {
  if (!e2eEnv().missing.includes(tool)) return false;
  if (process.env.CI === 'true') throw new Error(`${tool} is required for the end-to-end suite (CI=true)`);
  console.warn(`SKIPPED: ${tool} is not installed`);
  return true;
}
