// The tools' AnalysisSource over the language server's state: its projects (open documents as edited,
// unsaved text included), its workspace folders as the roots, and the phase the client set.
import { promises as fs } from 'node:fs';
import { join, sep } from 'node:path';
import type { Phase } from '../analysis/phases';
import { ownerRoot } from '../analysis/workspace';
import type { AnalysisSource, ProjectView } from '../mcp/tool-catalog';
import type { Projects } from './projects';

export interface LiveState {
  folders: () => string[];
  /** The server's projects (created when the client initializes). */
  projects: () => Projects;
  phase: () => { phase: Phase; reason?: string };
  readText: (root: string) => (file: string) => string | undefined;
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

export function liveSource(state: LiveState): AnalysisSource {
  const view = (root: string, under: string): ProjectView => ({
    root,
    project: state.projects().project(root)!,
    selected: (file) => inside(join(root, file), under),
    readText: state.readText(root),
  });
  return {
    roots: async () => state.folders(),
    realPath: (abs) => fs.realpath(abs).catch(() => undefined),
    async projects(abs) {
      const roots = state.projects().roots();
      const owner = ownerRoot(abs, roots);
      if (owner) return [view(owner, abs)];
      return roots.filter((r) => inside(r, abs)).map((r) => view(r, r));
    },
    async phase() {
      const { phase, reason } = state.phase();
      return { phase, source: 'editor', reason: reason ?? `the editor's phase, ${phase}` };
    },
  };
}
