// The e2e artifacts folder (screenshots, code-server logs): fresh for each run, except that the folder
// of a run where a scenario failed is kept as `<folder>-last-failure` for a look afterwards.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Written into the artifacts folder by a failing scenario (support/failure-marker.ts). */
export const FAILED_MARKER = 'FAILED';

/** Empties `dir` for a new run; returns where the previous run's folder went when it had failed. */
export function freshArtifacts(dir: string): string | undefined {
  let kept: string | undefined;
  if (existsSync(join(dir, FAILED_MARKER))) {
    kept = `${dir}-last-failure`;
    rmSync(kept, { recursive: true, force: true });
    renameSync(dir, kept);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return kept;
}
