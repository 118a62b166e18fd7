// Entry point of the chat webview bundle (dist/webview/chat.js): connects to the host, says ready once, and hands
// every message that passes validation to the UI. Anything else posted to this window is dropped.
import { ChatApp } from './app';
import { isHostMessage } from './protocol';
import { connectHost } from './vscode-api';

const host = connectHost();
const root = document.getElementById('app') ?? document.body;
const app = new ChatApp(root, host);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) app.handle(event.data);
});
host.post({ type: 'ready' });
