// Serves the built chat webview (dist/webview) from a local HTTP server, with the page from chatHtml and the server's
// origin as cspSource, so the real Content-Security-Policy applies, and VS Code's default webview stylesheet ahead of
// it, as VS Code serves it; and drives it in a page whose acquireVsCodeApi
// stands in for VS Code's: it records what the webview posts and keeps getState/setState in sessionStorage, so a
// reload restores state as a re-shown webview view does. Host messages go in by window.postMessage, as VS Code sends them.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chatHtml } from '../../src/webview/html';
import type { HostMessage, WebviewMessage } from '../../src/webview/protocol';
import type { Theme } from '../webview/themes';
import { withVsCodeDefaults } from './vscode-webview-defaults';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export type ChatServer = {
  origin: string;
  /** Paths requested other than the page and its bundle: a link that navigated would show up here. */
  strayRequests: string[];
  close(): Promise<void>;
};

export async function serveChat(webviewDir: string): Promise<ChatServer> {
  const strayRequests: string[] = [];
  let origin = '';
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path === '/') {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(withVsCodeDefaults(chatHtml({ scriptUri: `${origin}/chat.js`, styleUri: `${origin}/chat.css`, cspSource: origin, nonce })));
      return;
    }
    const file = /^\/chat\.(js|css)(\.map)?$/.test(path) ? join(webviewDir, path.slice(1)) : undefined;
    // Chromium asks for a favicon by itself; that is no sign of a page loading anything.
    if (!file && path !== '/favicon.ico') strayRequests.push(path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    strayRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the test page keeps on window besides the app. */
type StubWindow = Window & {
  __posted: WebviewMessage[];
  /** Called by XSS payloads: any entry means injected script ran. */
  __pwned(id: unknown): void;
  __pwnedIds: string[];
  __cspViolations: string[];
  acquireVsCodeApi(): unknown;
};

function installVsCodeStub(): void {
  const w = window as unknown as StubWindow;
  w.__posted = [];
  w.__pwnedIds = [];
  w.__pwned = (id) => w.__pwnedIds.push(String(id));
  w.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(e.violatedDirective));
  let acquired = false;
  w.acquireVsCodeApi = () => {
    // VS Code allows one call per page; a second one throws there, so it throws here too.
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => {
        const saved = sessionStorage.getItem('vscode-state');
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState: (s: unknown) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
    };
  };
}

export type ChatPageOptions = { bypassCSP?: boolean; width?: number; height?: number; locale?: string; timezoneId?: string };

export class ChatPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly url: string,
  ) {}

  static async open(browser: Browser, server: ChatServer, opts: ChatPageOptions = {}): Promise<ChatPage> {
    const context = await browser.newContext({
      bypassCSP: opts.bypassCSP ?? false,
      viewport: { width: opts.width ?? 300, height: opts.height ?? 700 },
      locale: opts.locale,
      timezoneId: opts.timezoneId,
    });
    const page = await context.newPage();
    await page.addInitScript(installVsCodeStub);
    const chat = new ChatPage(context, page, `${server.origin}/`);
    await chat.load();
    return chat;
  }

  /** (Re)loads the page, as VS Code does when a hidden webview view is shown again; webview state survives. */
  async load(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.waitForFunction(() => (window as unknown as StubWindow).__posted.some((m) => m.type === 'ready'));
  }

  async send(...messages: unknown[]): Promise<void> {
    await this.page.evaluate((ms) => {
      for (const m of ms) window.postMessage(m, '*');
    }, messages);
    // Message events are tasks: wait until they have all run, then for one frame so buffered deltas render.
    await this.page.evaluate(() => new Promise<void>((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 0)));
  }

  sendHost(...messages: HostMessage[]): Promise<void> {
    return this.send(...messages);
  }

  posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (window as unknown as StubWindow).__posted);
  }

  async takePosted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (window as unknown as StubWindow).__posted.splice(0));
  }

  pwned(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as StubWindow).__pwnedIds);
  }

  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as StubWindow).__cspViolations);
  }

  savedState(): Promise<unknown> {
    return this.page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'));
  }

  async applyTheme(theme: Theme): Promise<void> {
    await this.page.evaluate(({ vars, bodyClass }) => {
      // CSSOM, as VS Code does: the CSP forbids inline style attributes and elements, not this.
      const style = document.documentElement.style;
      for (let i = style.length - 1; i >= 0; i--) if (style[i].startsWith('--vscode-')) style.removeProperty(style[i]);
      for (const [name, value] of Object.entries(vars)) style.setProperty(name, value);
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
      document.body.classList.add(bodyClass);
    }, theme);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
