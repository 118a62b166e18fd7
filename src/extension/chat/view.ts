// The chat's webview view: strict CSP page from the webview bundle, validated messages both ways, nothing posted
// before the page says `ready`. Each page load says `ready` and gets the whole state from the session.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { chatHtml } from '../../webview/html';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../../webview/protocol';
import { CHAT_VIEW_ID } from '../command-ids';
import type { Log } from '../log';

export class ChatView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly receive: (message: WebviewMessage) => Promise<void>,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [root] };
    view.webview.html = chatHtml({
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'chat.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'chat.css')).toString(),
      cspSource: view.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      if (!isWebviewMessage(raw)) {
        this.log.warn(`chat: ignored a malformed message from the webview (${describe(raw)})`);
        return;
      }
      if (raw.type === 'ready') this.ready = true;
      this.receive(raw).catch((e: unknown) => this.log.error(`chat: ${raw.type} failed: ${e instanceof Error ? e.message : String(e)}`));
    });
    // Hiding the view is no sign the page is gone: VS Code may keep it and show it again without a reload, and that
    // page says `ready` only once, so forgetting it on hide dropped every later message (a conversation that stopped
    // updating). A page that was destroyed loads again and says `ready`, and gets the whole state then; what was posted
    // to it meanwhile is lost harmlessly.
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      this.ready = false;
    });
  }

  post(message: HostMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }

  /** Shows and focuses the view (creating it if needed); the page then asks for the state. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }
}

function describe(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : typeof raw;
}
