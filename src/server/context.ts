// Requests that read the server's live state: what the OTP expert would be sent about a place in the
// code, and the OTP Advisor tools (language-model tools in VS Code), open documents as edited.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askContext } from '../advisor/ask';
import { runTool } from '../mcp/tools';
import { liveSource } from './live-source';
import { pathToUri, uriToPath } from './projects';
import { CONTEXT_REQUEST, TOOL_REQUEST, type ContextParams, type ContextResult, type ToolParams, type ToolResult } from './protocol';
import type { ServerState } from './state';

/** A project file's text: the open document's (unsaved edits included), else the disk's. */
function liveText(s: ServerState, root: string): (file: string) => string | undefined {
  return (file) => {
    const abs = join(root, file);
    const open = s.projects.open.get(pathToUri(abs));
    if (open) return open.text;
    try {
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
}

export function onContextRequests(s: ServerState): void {
  const { connection } = s;
  connection.onRequest(CONTEXT_REQUEST, (params: ContextParams): ContextResult | null => {
    const path = uriToPath(params?.uri ?? '');
    const loc = path ? s.projects.locate(path) : undefined;
    if (!loc) return null;
    const result = askContext({
      project: loc.project,
      file: loc.file,
      line: Number(params.line) || 0,
      ...(params.rule !== undefined ? { rule: String(params.rule) } : {}),
      question: String(params.question ?? ''),
      phase: s.phase(),
      phaseSource: params.phaseSource ?? { kind: 'manual' },
      readText: liveText(s, loc.root),
    });
    return 'missing' in result ? null : { ...result, phase: s.phase() };
  });

  const tools = liveSource({
    folders: () => s.folders,
    projects: () => s.projects,
    phase: () => ({ phase: s.phase(), ...(toolPhaseReason ? { reason: toolPhaseReason } : {}) }),
    readText: (root) => liveText(s, root),
  });
  let toolPhaseReason: string | undefined;
  connection.onRequest(TOOL_REQUEST, async (params: ToolParams): Promise<ToolResult> => {
    // Answers wait for indexing: a half-read project would miss the tests that justify processes.
    for (let waited = 0; s.indexing.size && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    toolPhaseReason = typeof params?.phaseReason === 'string' ? params.phaseReason : undefined;
    return runTool(tools, String(params?.name ?? ''), params?.input);
  });
}
