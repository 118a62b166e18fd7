// The MCP server's AnalysisSource: projects read from disk on each call (an agent edits files between
// calls), roots from the client or the working directory.
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from '../analysis/parse/parser';
import { loadProjects } from '../analysis/workspace';
import { currentPhase } from './phase';
import type { AnalysisSource, ProjectView } from './tool-catalog';

export function diskSource(parser: Parser, roots: () => Promise<string[]>): AnalysisSource {
  return {
    roots,
    realPath: (abs) => fs.realpath(abs).catch(() => undefined),
    async projects(abs) {
      const loaded = await loadProjects([abs], parser);
      return loaded.map(
        ({ root, project, selected }): ProjectView => ({
          root,
          project,
          selected: (file) => selected.has(file),
          readText: (file) => {
            try {
              return readFileSync(join(root, file), 'utf8');
            } catch {
              return undefined;
            }
          },
        }),
      );
    },
    phase: (view) => currentPhase(view.root, view.project.config.phase),
  };
}
