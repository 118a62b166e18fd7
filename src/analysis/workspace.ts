// Finds mix projects on disk (umbrellas included) and loads their files into Projects.
// The only part of the analysis that touches the file system; the language server feeds Projects itself.
import { promises as fs } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE } from './config';
import { isElixirPath, Project } from './engine';
import type { Parser } from './parse/parser';

const SKIP_DIRS = new Set(['deps', '_build', 'node_modules', '.git', '.elixir_ls', '.lexical', '.expert', 'cover', '.hex']);

export interface LoadedProject {
  /** Absolute root: the directory holding mix.exs (the umbrella's, for its apps), or the path given. */
  root: string;
  project: Project;
  /** Project-relative files the run was asked about (all of them when a directory was given). */
  selected: Set<string>;
  unreadable: { file: string; error: string }[];
}

const toPosix = (p: string) => p.split(sep).join('/');

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

async function isUmbrella(root: string): Promise<boolean> {
  const text = await fs.readFile(join(root, 'mix.exs'), 'utf8').catch(() => '');
  return /\bapps_path:/.test(text);
}

/** The outermost project root containing `path`: nearest mix.exs, lifted to an enclosing umbrella. */
async function rootAbove(path: string): Promise<string | undefined> {
  let found: string | undefined;
  for (let dir = path; ; dir = dirname(dir)) {
    if (await exists(join(dir, 'mix.exs'))) {
      if (!found) found = dir;
      else if ((await isUmbrella(dir)) && toPosix(relative(dir, found)).startsWith('apps/')) found = dir;
    }
    if (dirname(dir) === dir) return found;
  }
}

/** Every .ex/.exs file and mix root under a directory, skipping deps and build output. */
export async function scan(dir: string): Promise<{ files: string[]; roots: string[] }> {
  const files: string[] = [];
  const roots: string[] = [];
  const todo = [dir];
  while (todo.length) {
    const d = todo.pop()!;
    const entries = await fs.readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) todo.push(p);
      } else if (isElixirPath(e.name) || e.name === CONFIG_FILE) {
        files.push(p);
        if (e.name === 'mix.exs') roots.push(d);
      }
    }
  }
  return { files, roots };
}

/** The mix projects under a directory: every mix.exs, with umbrella apps folded into their umbrella. */
export async function projectRootsUnder(dir: string): Promise<string[]> {
  const { roots } = await scan(dir);
  const tops: string[] = [];
  for (const r of roots.sort((a, b) => a.length - b.length)) {
    const parent = tops.find((t) => r.startsWith(t + sep));
    if (!parent || !(await isUmbrella(parent))) tops.push(r);
  }
  return tops;
}

/** The project a file belongs to: the deepest of the roots that contains it. */
export function ownerRoot(file: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) if ((file === r || file.startsWith(r + sep)) && (!best || r.length > best.length)) best = r;
  return best;
}

export function relativePosix(root: string, file: string): string {
  return toPosix(relative(root, file));
}

/**
 * Loads the projects that hold the given paths. A file or directory inside a project loads that whole
 * project (tests elsewhere in it justify findings) but selects only what was asked for.
 */
export async function loadProjects(paths: string[], parser: Parser): Promise<LoadedProject[]> {
  const byRoot = new Map<string, { selectAll: boolean; selected: Set<string> }>();
  const select = (root: string, abs: string | undefined) => {
    const entry = byRoot.get(root) ?? { selectAll: false, selected: new Set<string>() };
    if (abs === undefined) entry.selectAll = true;
    else entry.selected.add(abs);
    byRoot.set(root, entry);
  };
  for (const p of paths.map((x) => resolve(x))) {
    const stat = await fs.stat(p);
    const above = await rootAbove(stat.isDirectory() ? p : dirname(p));
    if (above && above !== p) select(above, p);
    else if (above === p) select(p, undefined);
    else if (!stat.isDirectory()) select(dirname(p), p);
    else {
      // A folder of projects (or of loose files): each mix root found is a project.
      const tops = await projectRootsUnder(p);
      if (!tops.length) select(p, undefined);
      for (const t of tops) select(t, undefined);
    }
  }

  const roots = [...byRoot.keys()].sort((a, b) => b.length - a.length);
  const out: LoadedProject[] = [];
  for (const [root, sel] of byRoot) {
    const project = new Project(parser);
    const loaded: LoadedProject = { root, project, selected: new Set(), unreadable: [] };
    const { files } = await scan(root);
    for (const abs of files) {
      // A nested project (a fixture inside another project, not an umbrella app) is analysed on its own.
      if (ownerRoot(abs, roots) !== root) continue;
      const rel = toPosix(relative(root, abs));
      let text: string;
      try {
        text = await fs.readFile(abs, 'utf8');
      } catch (e) {
        loaded.unreadable.push({ file: rel, error: (e as Error).message });
        continue;
      }
      if (rel === CONFIG_FILE) project.setConfig(text);
      else project.addFile(rel, text);
      if (sel.selectAll || [...sel.selected].some((s) => abs === s || abs.startsWith(s + sep))) loaded.selected.add(rel);
    }
    out.push(loaded);
  }
  return out.sort((a, b) => (a.root < b.root ? -1 : 1));
}
