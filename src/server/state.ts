// The language server's state, shared by its handlers: the workspace's projects, what the client can
// do, the current settings and phase, and what has been published or is waiting to be.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Phase } from '../analysis/phases';
import type { Parser } from '../analysis/parse/parser';
import { Baselines } from './baselines';
import type { Projects } from './projects';
import { DEFAULT_SETTINGS, type ServerSettings } from './protocol';

export class ServerState {
  /** Set when the client initializes, before any other request. */
  parser!: Parser;
  projects!: Projects;
  settings: ServerSettings = DEFAULT_SETTINGS;
  /** A phase set by the client's notification wins over the settings' phase until settings change again. */
  notifiedPhase: Phase | undefined;
  askExpert = false;
  canWatchFiles = false;
  canPullConfig = false;
  canFollowFolders = false;
  /** Neovim 0.7, among others, does not implement window/showDocument. */
  canShowDocument = false;
  folders: string[] = [];
  /** Published diagnostics by URI (with their JSON, to send only what changed), for hovers and for clearing. */
  readonly published = new Map<string, { json: string; diagnostics: Diagnostic[] }>();
  readonly timers = new Map<string, NodeJS.Timeout>();
  readonly dirtyRoots = new Set<string>();
  /** Roots being indexed: not published until their tests are read, or findings they justify would flash. */
  readonly indexing = new Set<string>();
  readonly baselines = new Baselines();

  constructor(readonly connection: Connection) {}

  phase(): Phase {
    return this.notifiedPhase ?? this.settings.phase;
  }
}
