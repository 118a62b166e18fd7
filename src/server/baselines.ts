// The baseline each project names in `.otp-advisor.json` (`"baseline": "path"`), read from disk and
// read again only when the file's size or modification time changes.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseBaseline } from '../analysis/baseline';

export type LoadedBaseline = { fingerprints: ReadonlySet<string> } | { error: string };

export class Baselines {
  private readonly cache = new Map<string, { stamp: string; loaded: LoadedBaseline }>();

  /** The baseline at `file` (relative to `root`), or why it cannot be used. */
  get(root: string, file: string): LoadedBaseline {
    const path = resolve(root, file);
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch (e) {
      this.cache.delete(path);
      return { error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (`otp-advisor baseline FILE` writes it)' : (e as Error).message}` };
    }
    const hit = this.cache.get(path);
    if (hit?.stamp === stamp) return hit.loaded;
    let loaded: LoadedBaseline;
    try {
      const parsed = parseBaseline(readFileSync(path, 'utf8'));
      loaded = parsed.ok ? { fingerprints: new Set(parsed.entries.map((e) => e.fingerprint)) } : { error: `${file} ${parsed.error}` };
    } catch (e) {
      loaded = { error: `cannot read ${file}: ${(e as Error).message}` };
    }
    this.cache.set(path, { stamp, loaded });
    return loaded;
  }

  /** Whether `path` is the baseline some project names, so a change to it re-publishes that project. */
  static isBaselineOf(root: string, file: string | undefined, path: string): boolean {
    return file !== undefined && resolve(root, file) === path;
  }
}
