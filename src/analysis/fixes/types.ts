// What a rewrite produces: byte-range edits over the project's files, computed from the tree.
import type { Finding } from '../engine';
import type { ModuleFacts } from '../facts/types';

/** Replace `[start, end)` of `file` (project-relative) with `newText`. Offsets index the file's text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  rule: string;
  /** What the rewrite does, for a code action's title and the CLI's report. */
  title: string;
  edits: TextEdit[];
}

export interface RewriteContext {
  /** The module the finding is in. */
  mod: ModuleFacts;
  /** The text of a project file. */
  text(file: string): string | undefined;
  /** Every module of the project (callers, supervisors, tests). */
  modules: readonly ModuleFacts[];
  /** Every file of the project with a text. */
  files: readonly string[];
}

/** One rewrite: a fix for a finding when the analysis is certain of it, else a reason to leave it to a person. */
export interface Rewrite {
  rule: string;
  fix(finding: Finding, ctx: RewriteContext): Fix | { skip: string };
}
