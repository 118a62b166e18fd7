// Wires the chat: the session (state, streaming) with its VS Code host (keys, settings, editor actions) and the view.
import * as vscode from 'vscode';
import type { ChatHeader } from '../../webview/protocol';
import type { Ctx } from '../ctx';
import { apiKey, askSettings, personaLabel, SECRET } from '../expert';
import { typedQuestion } from './questions';
import { ChangeReviewer, documentText } from './apply-editor';
import type { ChatHost, Question } from './host';
import { ChatSession } from './session';
import { DeltaCoalescer } from './delta-coalescer';
import { ConversationStore } from './store';
import { CHAT_VIEW_ID, commandId } from '../command-ids';
import { ChatView } from './view';

export interface Chat {
  /** Opens the chat on a new conversation holding `question`, its preview waiting for Send. */
  start(question: Question): Promise<void>;
  reveal(): Promise<void>;
  newConversation(): Promise<void>;
}

export function registerChat(ctx: Ctx): Chat {
  const store = new ConversationStore(ctx.extension.workspaceState);
  const reviewer = new ChangeReviewer();
  // The last Elixir editor: where a typed question's code comes from and where "Insert" goes when no question named one.
  let lastEditor = isElixir(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined;
  const header = (): ChatHeader => ({
    phase: ctx.phase.phase,
    phaseSetting: ctx.phase.setting,
    phaseReason: ctx.phase.verdict.reason,
    persona: personaLabel(ctx),
  });
  const outbox = new DeltaCoalescer((m) => view.post(m));
  const host: ChatHost = {
    post: (m) => outbox.post(m),
    header,
    apiKey: () => apiKey(ctx),
    settings: () => askSettings(ctx),
    contextFor: (text) => typedQuestion(ctx, text, lastEditor),
    insert: (code, sourceUri) => insertAtCursor(code, sourceUri ?? lastEditor?.document.uri.toString()),
    documentText,
    reviewChange: (change) => reviewer.review(change),
    applyChange: (change) => reviewer.apply(change),
    copy: async (code) => vscode.env.clipboard.writeText(code),
    openLink: async (href) => {
      // Only web links, and through VS Code, which asks before opening an unknown site.
      if (!/^https?:\/\//i.test(href)) throw new Error('only http and https links open from the chat.');
      await vscode.env.openExternal(vscode.Uri.parse(href, true));
    },
    changePhase: async () => void (await vscode.commands.executeCommand(commandId('setPhase'))),
    setKey: async () => void (await vscode.commands.executeCommand(commandId('setApiKey'))),
    log: (m) => ctx.log.info(m),
  };
  const session = new ChatSession(store, host);
  const view = new ChatView(ctx.extension.extensionUri, ctx.log, (m) => session.handle(m));

  ctx.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    reviewer,
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (isElixir(e)) lastEditor = e;
    }),
    ctx.phase.onDidChange(() => outbox.post({ type: 'header', header: header() })),
    ctx.config.onDidChange((affects) => affects('advisor.persona') && outbox.post({ type: 'header', header: header() })),
    ctx.extension.secrets.onDidChange((e) => e.key === SECRET && void session.refreshKey()),
    { dispose: () => session.stopAll() },
    { dispose: () => outbox.flush() },
  );

  return {
    async start(question) {
      await session.start(question);
      await view.reveal();
    },
    reveal: () => view.reveal(),
    async newConversation() {
      await session.handle({ type: 'newConversation' });
      await view.reveal();
    },
  };

  async function insertAtCursor(code: string, uri: string | undefined): Promise<void> {
    if (!uri) throw new Error('there is no editor to insert into. Open the file, put the cursor where the code goes, and press Insert again.');
    const target = vscode.Uri.parse(uri);
    // A document that will not open rejects here; the session shows the reason in the chat.
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString()) ??
      (await vscode.window.showTextDocument(target, { preserveFocus: false }));
    // At the cursor, never over the selection: the user's text stays.
    const at = editor.selection.active;
    if (!(await editor.edit((b) => b.insert(at, code)))) throw new Error(`${target.fsPath} did not accept the edit.`);
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }
}

function isElixir(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor?.document.languageId === 'elixir' && editor.document.uri.scheme === 'file';
}
