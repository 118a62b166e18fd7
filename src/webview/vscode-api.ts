// The webview side of VS Code's API, and the UI-local state kept with it. Conversations are the host's; only what the
// host cannot know (an unsent draft, whether the preview or the no-key message is collapsed) is stored here.
import type { WebviewMessage } from './protocol';

export type UiState = { draft: string; previewCollapsed: boolean; blockerCollapsed: boolean };

type VsCodeApi = {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: UiState): void;
};

declare function acquireVsCodeApi(): VsCodeApi;

export type Host = { post(message: WebviewMessage): void; ui: UiState; saveUi(patch: Partial<UiState>): void };

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  let ui = readUiState(api.getState());
  return {
    post: (message) => api.postMessage(message),
    get ui() {
      return ui;
    },
    saveUi(patch) {
      ui = { ...ui, ...patch };
      api.setState(ui);
    },
  };
}

// Stored state comes back from an earlier build of this UI, so it is checked like any input.
function readUiState(v: unknown): UiState {
  const s = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return {
    draft: typeof s.draft === 'string' ? s.draft : '',
    previewCollapsed: s.previewCollapsed === true,
    blockerCollapsed: s.blockerCollapsed === true,
  };
}
