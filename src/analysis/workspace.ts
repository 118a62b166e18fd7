// Finds mix projects on disk (umbrellas included) and loads their files into Projects.
// The only part of the analysis that touches the file system; the language server feeds Projects itself.
import { promises as fs, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE } from './config';
import { Project } from './engine';
import { isElixirPath } from './project-paths';
import { isAsideProject } from './non-product';
import { ExtractPool } from './parallel/extract-pool';
import type { Parser } from './parse/parser';

const SKIP_DIRS = new Set(['deps', '_build', 'node_modules', '.git', '.elixir_ls', '.lexical', '.expert', 'cover', '.hex']);

export interface LoadedProject {
  /** Absolute root: the directory holding mix.exs (the umbrella's, for its apps), or the path given. */
  root: string;
  project: Project;
  /** Project-relative files the run was asked about (all of them when a directory was given). */
  selected: Set<string>;
  unreadable: { file: string; error: string }[];
  /** Selected files over the size limit, left out of the analysis. */
  tooLarge: { file: string; bytes: number }[];
}

/**
 * Files larger than this are not analysed: a generated 5 MB module took minutes and gigabytes, and nobody writes
 * OTP code by hand at that size. The language server's `maxFileSize` setting and the CLI's `--max-file-size` change it.
 */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

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

type Scan = { files: string[]; roots: string[]; unreadable: { path: string; error: string }[] };

/** Every .ex/.exs file and mix root under a directory, skipping deps and build output, and the folders it could not list. */
export async function scan(dir: string): Promise<Scan> {
  const files: string[] = [];
  const roots: string[] = [];
  const unreadable: { path: string; error: string }[] = [];
  const todo = [dir];
  while (todo.length) {
    const d = todo.pop()!;
    const entries = await fs.readdir(d, { withFileTypes: true }).catch((e: Error) => {
      unreadable.push({ path: d, error: e.message });
      return [];
    });
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
  return { files, roots, unreadable };
}

/** The mix projects under a directory: every mix.exs, with umbrella apps folded into their umbrella. */
export async function projectRootsUnder(dir: string, scanned: (dir: string) => Promise<Scan> = scan): Promise<string[]> {
  const { roots } = await scanned(dir);
  const tops: string[] = [];
  for (const r of roots.sort((a, b) => a.length - b.length)) {
    // The innermost project holding it: an umbrella nested in another project still owns its apps.
    const parent = ownerRoot(r, tops);
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
export async function loadProjects(paths: string[], parser: Parser, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<LoadedProject[]> {
  const scanned = scanOnce();
  // What was asked for: whole roots, or paths inside a root.
  const wanted: { root: string; path?: string }[] = [];
  const looseFolders = new Set<string>();
  for (const p of paths.map((x) => resolve(x))) {
    const stat = await fs.stat(p);
    const above = await rootAbove(stat.isDirectory() ? p : dirname(p));
    if (above && above !== p) wanted.push({ root: above, path: p });
    else if (above === p) wanted.push({ root: p });
    else if (!stat.isDirectory()) wanted.push({ root: dirname(p), path: p });
    else {
      // A folder of projects and loose files (a repository of exercises): each mix root found is a project, and
      // the folder itself holds the files outside them.
      const tops = await projectRootsUnder(p, scanned);
      wanted.push({ root: p });
      if (tops.length) looseFolders.add(p);
      for (const t of tops) wanted.push({ root: t });
    }
  }
  const isSelected = (abs: string) =>
    wanted.some((w) => {
      const under = w.path ?? w.root;
      return abs === under || abs.startsWith(under + sep);
    });

  // A project nested in another (a fixture under test/, not an umbrella app) is analysed on its own,
  // as the language server does, whichever folder the run was given.
  const roots = [...new Set(wanted.map((w) => w.root))];
  // An example, benchmark or test fixture project inside another (`examples/hello_world`) is not that
  // project's product: it is left out unless the run was asked about a path inside it.
  const askedInside = (r: string) => wanted.some((w) => (w.path ?? w.root) === r || (w.path ?? w.root).startsWith(r + sep));
  const aside: string[] = [];
  for (const w of [...roots]) {
    for (const nested of await projectRootsUnder(w, scanned)) {
      if (roots.includes(nested)) continue;
      if (isAsideProject(toPosix(relative(w, nested))) && !askedInside(nested)) aside.push(nested);
      else roots.push(nested);
    }
  }
  const out: LoadedProject[] = [];
  const sources: { project: Project; path: string; text: string }[] = [];
  // Started as soon as there is enough text to share, so the threads load their grammar while files are read.
  const pool = new ExtractPool(parser);
  let bytes = 0;
  for (const root of roots) {
    const project = new Project(parser);
    const loaded: LoadedProject = { root, project, selected: new Set(), unreadable: [], tooLarge: [] };
    // A folder named like the config file would otherwise be walked as code and the config silently ignored.
    if ((await fs.stat(join(root, CONFIG_FILE)).catch(() => undefined))?.isDirectory()) {
      loaded.unreadable.push({ file: CONFIG_FILE, error: 'it is a folder, not a file; the defaults apply' });
    }
    const { files, unreadable } = await scanned(root);
    const own = files.filter((abs) => ownerRoot(abs, roots) === root && !ownerRoot(abs, aside));
    // A nested project none of whose files were asked for is not loaded at all; nor a folder of projects with no file of its own.
    if ((!wanted.some((w) => w.root === root) && !own.some(isSelected)) || (looseFolders.has(root) && !own.some((f) => /\.exs?$/.test(f)))) continue;
    for (const u of unreadable) if (ownerRoot(u.path, roots) === root && isSelected(u.path)) loaded.unreadable.push({ file: toPosix(relative(root, u.path)), error: u.error });
    for (const abs of own) {
      const rel = toPosix(relative(root, abs));
      let text: string;
      try {
        // A FIFO or device named `x.ex` would block the read forever; a link may point at a folder or nowhere.
        // Read in turn on this thread: awaiting each read cost three times the CPU of reading (the threads wait anyway).
        const stat = statSync(abs);
        if (!stat.isFile()) throw new Error('not a regular file');
        if (stat.size > maxFileBytes && rel !== CONFIG_FILE) {
          if (isSelected(abs)) loaded.tooLarge.push({ file: rel, bytes: stat.size });
          continue;
        }
        text = readFileSync(abs, 'utf8');
        pool.warm((bytes += stat.size));
      } catch (e) {
        if (isSelected(abs)) loaded.unreadable.push({ file: rel, error: (e as Error).message });
        continue;
      }
      if (rel === CONFIG_FILE) project.setConfig(text);
      else if (isElixirPath(rel)) sources.push({ project, path: rel, text });
      else project.addFile(rel, text);
      if (isSelected(abs)) loaded.selected.add(rel);
    }
    out.push(loaded);
  }
  // Every project's files at once, on every core; added in the order read, as one thread would.
  try {
    const { extracted } = await pool.extract(sources);
    sources.forEach(({ project, path, text }, i) => project.addExtracted(path, text, extracted[i]!));
  } finally {
    await pool.close();
  }
  return out.sort((a, b) => (a.root < b.root ? -1 : 1));
}

/**
 * `scan`, walking each folder once: the scan of a folder inside one already walked is taken from it (a depth-first
 * walk lists a subfolder's files as walking it alone does). A folder of corpora was otherwise walked once per root.
 */
function scanOnce(): (dir: string) => Promise<Scan> {
  const done = new Map<string, Scan>();
  const under = (p: string, dir: string) => p === dir || p.startsWith(dir + sep);
  return async (dir) => {
    for (const [d, all] of done) {
      // A folder the walk skipped (a `deps` asked for by name) is walked on its own.
      if (!under(dir, d) || relative(d, dir).split(sep).some((part) => SKIP_DIRS.has(part))) continue;
      return { files: all.files.filter((f) => under(f, dir)), roots: all.roots.filter((r) => under(r, dir)), unreadable: all.unreadable.filter((u) => under(u.path, dir)) };
    }
    const result = await scan(dir);
    done.set(dir, result);
    return result;
  };
}
