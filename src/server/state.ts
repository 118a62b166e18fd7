// The language server's state, shared by its handlers: the workspace's projects, what the client can
// do, the current settings and phase, and what has been published or is waiting to be.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../analysis/engine';
import type { Phase } from '../analysis/phases';
import type { Parser } from '../analysis/parse/parser';
import { Baselines } from './baselines';
import type { Projects } from './projects';
import { concretePhase, DEFAULTS, type Settings } from '../analysis/editor-settings';

export class ServerState {
  /** Set when the client initializes, before any other request. */
  parser!: Parser;
  projects!: Projects;
  settings: Settings = DEFAULTS;
  askExpert = false;
  canWatchFiles = false;
  canPullConfig = false;
  canFollowFolders = false;
  /** Neovim 0.7, among others, does not implement window/showDocument. */
  canShowDocument = false;
  /** The client applies `documentChanges` with change annotations (a preview before a rewrite applies). */
  canAnnotateEdits = false;
  folders: string[] = [];
  /** Published diagnostics by URI (compared with the next, to send only what changed), for hovers and for clearing. */
  readonly published = new Map<string, { diagnostics: Diagnostic[] }>();
  /** The published findings of each root by fingerprint, for the context request to look up. */
  readonly findings = new Map<string, Map<string, Finding>>();
  readonly timers = new Map<string, NodeJS.Timeout>();
  readonly dirtyRoots = new Set<string>();
  /** Roots being indexed: not published until their tests are read, or findings they justify would flash. */
  readonly indexing = new Set<string>();
  readonly baselines = new Baselines();

  constructor(readonly connection: Connection) {}

  phase(): Phase {
    return concretePhase(this.settings.phase);
  }
}
