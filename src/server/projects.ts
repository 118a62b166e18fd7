// The server's view of the workspace: one Project per mix root, open documents with their syntax
// trees (for incremental re-parsing), and the disk for everything else.
import { promises as fs } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE } from '../analysis/config';
import { Project } from '../analysis/engine';
import type { Extracted } from '../analysis/parallel/extract-file';
import { isElixirPath } from '../analysis/project-paths';
import type { Parser, Tree } from '../analysis/parse/parser';
import type { EditedRange } from '../analysis/facts/splice';
import { DEFAULT_MAX_FILE_BYTES, ownerRoot, projectRootsUnder, relativePosix, scan } from '../analysis/workspace';

export interface Located {
  root: string;
  project: Project;
  /** Path relative to the root, with `/`. */
  file: string;
}

export interface OpenDocument {
  uri: string;
  text: string;
  version: number;
  /** Kept to re-parse incrementally after an edit; freed when the document closes. */
  tree?: Tree;
}

export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Files the analysis reads: Elixir sources, mix.exs and the project config. */
export function isWatched(path: string): boolean {
  return isElixirPath(path) || path.endsWith(`${sep}${CONFIG_FILE}`);
}

export class Projects {
  private readonly projects = new Map<string, Project>();
  /** Workspace folders (absolute paths); a file outside every mix root belongs to its folder. */
  private folders: string[] = [];
  readonly open = new Map<string, OpenDocument>();
  /** The `maxFileSize` setting, in bytes. */
  maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  /** Files over the limit already named to the user (root + sep + file). */
  private readonly tooLarge = new Set<string>();

  constructor(
    private readonly parser: Parser,
    private readonly onTooLarge: (loc: Located, bytes: number) => void = () => {},
  ) {}

  roots(): string[] {
    return [...this.projects.keys()];
  }

  project(root: string): Project | undefined {
    return this.projects.get(root);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    for (const root of this.roots()) if (!folders.some((f) => root === f || root.startsWith(f + sep))) this.projects.delete(root);
  }

  private ensure(root: string): Project {
    let p = this.projects.get(root);
    if (!p) {
      p = new Project(this.parser);
      this.projects.set(root, p);
    }
    return p;
  }

  /** The project and relative path of a file, creating the project for a folder seen for the first time. */
  locate(path: string): Located | undefined {
    const root = ownerRoot(path, this.roots()) ?? ownerRoot(path, this.folders);
    if (!root) return undefined;
    return { root, project: this.ensure(root), file: relativePosix(root, path) };
  }

  /** Mix roots under a folder (the folder itself when it holds loose files), and the files each owns. */
  async discover(folder: string): Promise<{ root: string; files: string[] }[]> {
    const roots = await projectRootsUnder(folder);
    if (!roots.length) roots.push(folder);
    for (const r of roots) this.ensure(r);
    const all = this.roots();
    const { files } = await scan(folder);
    // Each file's owner once: filtering the files once per root cost roots² × files (a minute for a folder of corpora).
    const byRoot = new Map<string, string[]>(roots.map((r) => [r, []]));
    for (const f of files) {
      const owner = ownerRoot(f, all);
      if (owner !== undefined) byRoot.get(owner)?.push(f);
    }
    return roots.map((root) => ({ root, files: byRoot.get(root)! }));
  }

  /**
   * Whether a file of `bytes` is analysed. One over the limit leaves its project (its syntax tree freed) and is
   * named once through `onTooLarge`, until it fits again.
   */
  fits(loc: Located, bytes: number): boolean {
    const key = `${loc.root}${sep}${loc.file}`;
    if (bytes <= this.maxFileBytes || loc.file === CONFIG_FILE) {
      this.tooLarge.delete(key);
      return true;
    }
    loc.project.removeFile(loc.file);
    texts.get(loc.project)?.delete(loc.file);
    if (!this.tooLarge.has(key)) {
      this.tooLarge.add(key);
      this.onTooLarge(loc, bytes);
    }
    return false;
  }

  /** Reads a file from disk into its project, unless an open document holds its text. */
  async loadFromDisk(path: string): Promise<Located | undefined> {
    const read = await this.readFromDisk(path);
    if (read?.text !== undefined) setText(read.loc, read.text);
    return read?.loc;
  }

  /** A file's text on disk and where it goes; no text when an open document holds it. */
  async readFromDisk(path: string): Promise<{ loc: Located; text?: string } | undefined> {
    const loc = this.locate(path);
    if (!loc || this.isOpen(path)) return loc && { loc };
    // Only regular files: reading a FIFO named like a source file would block forever.
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (!this.fits(loc, stat.size)) return { loc };
    return { loc, text: await fs.readFile(path, 'utf8') };
  }

  /** The roots that own an open document: read first, so the files the user looks at get their findings first. */
  openRoots(): Set<string> {
    const roots = this.roots();
    const out = new Set<string>();
    for (const uri of this.open.keys()) {
      const root = ownerRoot(uriToPath(uri) ?? '', roots);
      if (root) out.add(root);
    }
    return out;
  }

  /**
   * Open documents whose text went to a project that no longer owns them: opened before discovery found their mix
   * root, they landed in the folder's project. Each is taken out of every project but its owner (a project left
   * empty goes), and returned for its owner to take.
   */
  strayOpen(): { path: string; doc: OpenDocument; loc: Located }[] {
    const out: { path: string; doc: OpenDocument; loc: Located }[] = [];
    for (const doc of this.open.values()) {
      const path = uriToPath(doc.uri);
      const loc = path && this.locate(path);
      if (!path || !loc) continue;
      const others = this.roots().filter((r) => r !== loc.root && ownerRoot(path, [r]) && texts.get(this.projects.get(r)!)?.has(relativePosix(r, path)));
      if (!others.length) continue;
      for (const r of others) {
        const project = this.projects.get(r)!;
        project.removeFile(relativePosix(r, path));
        texts.get(project)?.delete(relativePosix(r, path));
        if (!project.allFacts().length) this.projects.delete(r);
      }
      out.push({ path, doc, loc });
    }
    return out;
  }

  isOpen(path: string): boolean {
    return this.open.has(pathToUri(path));
  }

  remove(path: string): Located | undefined {
    const loc = this.locate(path);
    if (loc) {
      loc.project.removeFile(loc.file);
      texts.get(loc.project)?.delete(loc.file);
    }
    return loc;
  }
}

/** Each project's file texts (project-relative path → text): fingerprints hash the flagged code. */
const texts = new WeakMap<Project, Map<string, string>>();

export function textOf(project: Project, file: string): string | undefined {
  return texts.get(project)?.get(file);
}

/** A copy of every file text the project holds. */
export function projectTexts(project: Project): Map<string, string> {
  return new Map(texts.get(project));
}

/** Hands a file read elsewhere (a worker thread) to its project, with its text. */
export function setExtracted(loc: Located, text: string, extracted: Extracted): void {
  if (!texts.has(loc.project)) texts.set(loc.project, new Map());
  texts.get(loc.project)!.set(loc.file, text);
  loc.project.addExtracted(loc.file, text, extracted);
}

/** Hands a file's text to its project; the config file goes to the project's config. */
export function setText(loc: Located, text: string, oldTree?: Tree, range?: EditedRange): Tree | undefined {
  if (loc.file === CONFIG_FILE) {
    loc.project.setConfig(text);
    return undefined;
  }
  if (!texts.has(loc.project)) texts.set(loc.project, new Map());
  texts.get(loc.project)!.set(loc.file, text);
  return loc.project.setFile(loc.file, text, oldTree, true, range);
}
