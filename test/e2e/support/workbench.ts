// Drives the VS Code workbench in code-server the way a user does (command palette, quick open, the
// Problems panel, the status bar, the editor, the terminal) and reads back what is on screen.
import { join } from 'node:path';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import type { CodeServer } from './code-server';
import type { E2eEnv } from './env';
import { copyShop } from './project';
import { pollUntil } from './poll';
import { scaled } from './timeouts';

export interface Problem {
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  code: string;
  source: string;
  line: number;
  /** The code's link target (the rule's page). */
  href?: string;
}

/** The status bar item of the extension: `<publisher>.<name>.<item id>`. */
const PHASE_ITEM = '[id="otp-advisor.otp-advisor.otpAdvisor.phase"]';
const README_IMAGES = join(__dirname, '../../../docs/images');

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {}

  /** Opens `folder` in a new page and waits for the workbench; `openedAt` is when navigation started. */
  static async open(browser: Browser, server: CodeServer, folder: string, artifactsDir: string): Promise<{ wb: Workbench; openedAt: number }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Playwright's own limits (30 s for a navigation, a click, a wait) are safety nets like ours.
    page.setDefaultTimeout(scaled(30_000));
    const openedAt = Date.now();
    await page.goto(server.folderUrl(folder));
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: scaled(60_000) });
    return { wb: new Workbench(page, artifactsDir), openedAt };
  }

  /**
   * A fresh copy of the example project named `name`, opened in a new page; a failing test leaves a screenshot
   * `failed-<screenshot>` (default: `name`).
   */
  static async openShop(browser: Browser, server: CodeServer, env: E2eEnv, name: string, screenshot = name): Promise<{ wb: Workbench; openedAt: number; folder: string }> {
    const folder = copyShop(env.workDir, name);
    const { wb, openedAt } = await Workbench.open(browser, server, folder, env.artifactsDir);
    onTestFailed(async () => {
      await wb.screenshot(`failed-${screenshot}`);
    });
    return { wb, openedAt, folder };
  }

  async close(): Promise<void> {
    await this.page.close();
  }


  private async quickInput(): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    return input;
  }

  /**
   * Presses the key that opens a quick input (F1, Ctrl+P, Ctrl+G) and returns its box. After a window reload the focus
   * can sit in a webview's iframe, which does not pass the key on (a loaded run waited 90 s for Ctrl+P): if the box
   * does not come, the focus is dropped to the workbench's body, which leaves the editor's cursor where it was, and
   * the key is pressed again.
   */
  private async openQuickInput(key: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: scaled(10_000) });
    } catch {
      await this.page.evaluate('document.activeElement?.blur()');
      await this.page.keyboard.press(key);
      await input.waitFor({ state: 'visible' });
    }
    return input;
  }

  /** Picks the first quick-input row whose label contains `label` (waits for it). */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const row = rows.filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
    await row.waitFor({ state: 'visible', timeout: scaled(15_000) });
    await row.click();
  }

  /** Runs a command by its palette title, e.g. "OTP Advisor: Set TDD Phase". */
  async command(title: string): Promise<void> {
    const input = await this.openQuickInput('F1');
    await input.fill(`>${title}`);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const row = rows.filter({ has: this.page.getByText(title, { exact: true }) }).first();
    await row.waitFor({ state: 'visible', timeout: scaled(15_000) });
    await row.click();
  }

  /** The command palette's entries for `query`, as listed; the palette is closed again. */
  async paletteTitles(query: string): Promise<string[]> {
    const input = await this.openQuickInput('F1');
    await input.fill(`>${query}`);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: scaled(15_000) });
    // The list filters as it is typed: read it once it has stopped changing.
    let titles: string[] = [];
    for (let same = 0; same < 3; ) {
      await this.page.waitForTimeout(200);
      const now = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      same = JSON.stringify(now) === JSON.stringify(titles) ? same + 1 : 0;
      titles = now;
    }
    await this.page.keyboard.press('Escape');
    await this.quickInputGone();
    return titles;
  }

  /** Types `text` into the input box a command opened (e.g. the API key prompt) and accepts it. */
  async answerInputBox(text: string): Promise<void> {
    const input = await this.quickInput();
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    await this.quickInputGone();
  }

  /** Opens a file of the folder by its relative path through quick open. */
  async openFile(relPath: string): Promise<void> {
    const name = relPath.split('/').pop()!;
    const input = await this.openQuickInput('Control+P');
    await input.fill(relPath);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: scaled(15_000) });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: scaled(15_000) });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  async goToLine(line: number, column = 1): Promise<void> {
    const input = await this.openQuickInput('Control+G');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInputGone();
  }

  private async quickInputGone(): Promise<void> {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }


  /** The visible text of the active editor, one string per line. */
  async editorLines(): Promise<string[]> {
    return this.page.locator('.editor-instance .monaco-editor .view-lines').first().evaluate((el) =>
      [...el.querySelectorAll('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  }

  /** Replaces the text of line `line` (1-based) of the active editor, as typing would. */
  async replaceLine(line: number, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home'); // the first Home stops at the indentation
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.insertText(text);
  }

  /** Inserts text before line `line`. insertText skips auto-closing and auto-indent, so it lands as written. */
  async insertBeforeLine(line: number, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home');
    await this.page.keyboard.insertText(text);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: scaled(15_000) });
  }

  /** Squiggles of each kind in the active editor's visible lines. */
  async squiggles(): Promise<{ error: number; warning: number; info: number }> {
    return this.page.locator('.editor-instance .monaco-editor').first().evaluate((el) => ({
      error: el.querySelectorAll('.squiggly-error').length,
      warning: el.querySelectorAll('.squiggly-warning').length,
      info: el.querySelectorAll('.squiggly-info').length,
    }));
  }

  /**
   * Waits for the lightbulb: VS Code's own code-action request for the cursor's place has landed. Until
   * it has, a Ctrl+. can lose to it: the editor replaces the Ctrl+. request with that automatic one (up
   * to 750 ms after a cursor move) and then reports the replaced request as "No code actions available".
   */
  async codeActionsSettled(): Promise<void> {
    await this.page.locator('.monaco-editor .lightBulbWidget[class*="codicon-"], .monaco-editor [class*="codicon-gutter-lightbulb"]').first().waitFor({ state: 'visible', timeout: scaled(15_000) });
  }

  /** Opens the quick-fix menu at the cursor (once VS Code's own request settled), picks an action by its title, and returns the titles listed. */
  async quickFix(title: string): Promise<string[]> {
    await this.codeActionsSettled();
    await this.page.keyboard.press('Control+.');
    return this.pickAction(title);
  }

  /** Opens "Refactor..." at the cursor (only refactorings are listed), picks an action by its title, and returns the titles listed. */
  async refactor(title: string): Promise<string[]> {
    await this.codeActionsSettled();
    await this.command('Refactor...');
    return this.pickAction(title);
  }

  private async pickAction(title: string): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: scaled(15_000) });
    const titles = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    // The menu blocks the pointer while it settles: choose with the keyboard, as its hint says.
    const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
    for (let i = 0; i < 20 && (await focused.getAttribute('aria-label').catch(() => null)) !== title; i++) await this.page.keyboard.press('ArrowDown');
    expect(await focused.getAttribute('aria-label')).toBe(title);
    await this.page.keyboard.press('Enter');
    return titles;
  }


  /** The phase item's text, e.g. "OTP · GREEN · auto", or undefined before the extension shows it. */
  async phaseText(): Promise<string | undefined> {
    const item = this.page.locator(PHASE_ITEM);
    if (!(await item.isVisible())) return undefined;
    return (await item.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Clicks the phase item, which opens the phase quick pick. */
  async clickPhase(): Promise<void> {
    await this.page.locator(PHASE_ITEM).click();
  }

  /** The phase item's accessible label: its text and tooltip (why this phase). */
  async phaseLabel(): Promise<string> {
    return (await this.page.locator(PHASE_ITEM).getAttribute('aria-label')) ?? '';
  }

  async waitForPhase(text: string, timeout = 30_000): Promise<void> {
    await pollUntil(() => this.phaseText(), (t) => t === text, { timeout, what: `status bar phase "${text}"` });
  }

  /** "Errors: 1, Warnings: 6, Infos: 1" from the status bar's problems item. */
  async problemCounts(): Promise<string> {
    return (await this.page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
  }


  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }

  /**
   * Every marker in the Problems panel. The list renders only the rows in view, so it is read while
   * scrolling from top to bottom with the mouse wheel, the pointer at the list's left edge. Not at its centre: a
   * pointer resting on a row's message opens that row's hover, which can cover the centre, and Playwright's
   * hover() then waits for the centre to be free while its own pointer keeps the hover open (a loaded run waited
   * 90 s). Not with PageDown: selecting a related-info row from the keyboard opens its file in the editor. Not
   * with wheel events dispatched from the page: the list did not scroll for them.
   */
  async problems(): Promise<Problem[]> {
    await this.showProblems();
    const list = this.page.locator('.markers-panel .monaco-list').first();
    const rows = new Map<number, { level: number; file?: string; problem?: Omit<Problem, 'file'> }>();
    const read = () =>
      list.evaluate((el) =>
        [...el.querySelectorAll('.monaco-list-row')].map((row) => {
          const text = (sel: string) => row.querySelector(sel)?.textContent?.trim() ?? '';
          const icon = row.querySelector('.marker-icon');
          const severity = (['error', 'warning', 'info', 'hint'] as const).find((s) => icon?.classList.contains(s));
          return {
            index: Number(row.dataset.index),
            level: Number(row.getAttribute('aria-level')),
            // The file row's label is drawn late; its accessible label is there at once.
            file: /problems? in file (.+?) of folder/.exec(row.getAttribute('aria-label') ?? '')?.[1] ?? text('.label-name'),
            message: text('.marker-message'),
            source: text('.marker-source'),
            code: text('.marker-code'),
            href: row.querySelector('.marker-code')?.closest('a')?.getAttribute('href') ?? undefined,
            line: Number(/Ln (\d+)/.exec(text('.marker-line'))?.[1] ?? 0),
            severity,
          };
        }),
      );
    // From the top: focus the tree and go to its first row.
    await list.focus();
    await this.page.keyboard.press('Home');
    // Moved, not hovered: no wait for the point to be free. The indentation there holds no text, so no hover opens.
    const box = await list.boundingBox();
    if (!box) throw new Error('Problems list not laid out');
    await this.page.mouse.move(box.x + 4, box.y + box.height / 2);
    for (let unchanged = 0; unchanged < 2; ) {
      const before = rows.size;
      for (const r of await read()) {
        // Sticky-scroll copies of rows carry no aria-level.
        if (r.level === 0) continue;
        if (r.level === 1) rows.set(r.index, { level: 1, file: r.file });
        else if (r.severity) rows.set(r.index, { level: 2, problem: { severity: r.severity, message: r.message, code: r.code, source: r.source, line: r.line, href: r.href } });
        else rows.set(r.index, { level: 3 });
      }
      unchanged = rows.size === before ? unchanged + 1 : 0;
      await this.page.mouse.wheel(0, 100);
      await this.page.waitForTimeout(50);
    }
    // The panel updates while it is read: a scan that missed rows or disagrees with the status bar's
    // counts is thrown away (waitForProblems reads again).
    const indices = [...rows.keys()].sort((a, b) => a - b);
    if (indices.some((n, i) => n !== i)) throw new Error(`Problems panel read with gaps: rows ${indices.join(',')}`);
    const total = (await this.problemCounts()).match(/\d+/g)?.reduce((sum, n) => sum + Number(n), 0) ?? 0;
    const markers = [...rows.values()].filter((r) => r.problem).length;
    if (markers !== total) throw new Error(`Problems panel shows ${markers} markers, the status bar counts ${total}`);
    await list.focus();
    await this.page.keyboard.press('Home');
    const out: Problem[] = [];
    let file = '';
    for (const [, r] of [...rows].sort((a, b) => a[0] - b[0])) {
      if (r.level === 1) file = r.file!;
      else if (r.problem) out.push({ file, ...r.problem });
    }
    return out;
  }

  /** Polls the Problems panel until `ok` holds for its markers. */
  async waitForProblems(ok: (problems: Problem[]) => boolean, what: string, timeout = 30_000): Promise<Problem[]> {
    return pollUntil(() => this.problems(), ok, { timeout, interval: 200, what });
  }


  /** The modal dialog's message and detail, once one is shown. */
  async dialog(): Promise<{ message: string; detail: string }> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ state: 'visible', timeout: scaled(15_000) });
    return { message: await box.locator('.dialog-message-text').innerText(), detail: await box.locator('.dialog-message-detail').innerText().catch(() => '') };
  }

  /** Presses a button of the modal dialog and waits for the dialog to go. */
  async answerDialog(button: string): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.locator('.dialog-buttons .monaco-button', { hasText: button }).click();
    await box.waitFor({ state: 'detached', timeout: scaled(15_000) });
  }

  /** The text of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }


  /** Saves a screenshot with the artifacts; `readme` also refreshes docs/images/<name>.png when UPDATE_README_IMAGES=1. */
  async screenshot(name: string, opts: { readme?: boolean } = {}): Promise<string> {
    const file = join(this.artifactsDir, 'screenshots', `${name}.png`);
    mkdirSync(join(this.artifactsDir, 'screenshots'), { recursive: true });
    // No hover tooltip left over from the last click in the picture.
    await this.page.mouse.move(700, 300);
    await this.page.screenshot({ path: file });
    if (opts.readme && process.env.UPDATE_README_IMAGES === '1') {
      mkdirSync(README_IMAGES, { recursive: true });
      copyFileSync(file, join(README_IMAGES, `${name}.png`));
    }
    return file;
  }
}
