// Injection attempts against the chat webview in real Chromium. Every payload calls window.__pwned (recorded by the
// test page) if it ever runs, so "not executed" is observed, not inferred from markup. The suite runs twice: under the
// page's real CSP, and with the CSP bypassed so the sanitising alone is tested (a canary shows the detection works).
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../helpers/browser';
import { ChatPage, serveChat, type ChatServer } from '../helpers/browser-chat';
import { answer, chatState, conversation, header, summary, userTurn } from './chat-fixtures';

const skip = chromiumSkipReason();
if (skip) console.warn(skip);

const pwn = (id: string) => `__pwned('${id}')`;

/** Markdown answers and explanations: raw HTML, dangerous URLs, SVG/MathML tricks, HTML inside code. */
const MARKDOWN_PAYLOADS: string[] = [
  `<script>${pwn('script')}</script>`,
  `<img src=x onerror="${pwn('img-onerror')}">`,
  `<svg onload="${pwn('svg-onload')}"></svg>`,
  `<svg><script>${pwn('svg-script')}</script></svg>`,
  `<svg><a xlink:href="javascript:${pwn('svg-xlink')}"><text x="0" y="20">svg link</text></a></svg>`,
  `<svg><animate onbegin="${pwn('svg-animate')}" attributeName="x" dur="1s"></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${pwn('mathml-mxss')}">`,
  `<math href="javascript:${pwn('math-href')}">math link</math>`,
  `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img src=x onerror=${pwn('form-mxss')}>">`,
  `[js link](javascript:${pwn('md-js-link')})`,
  `[js link upper](JaVaScRiPt:${pwn('md-js-case')})`,
  `[js link entity](jav&#x09;ascript:${pwn('md-js-entity')})`,
  `[data link](data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKCdkYXRhJyk8L3NjcmlwdD4=)`,
  `[vb link](vbscript:${pwn('md-vb')})`,
  `<a href="javascript:${pwn('raw-a')}">raw anchor</a>`,
  `<a href="#" onclick="${pwn('onclick')}">onclick anchor</a>`,
  `[title attr](https://example.com "x\\" onmouseover=\\"${pwn('md-title')}")`,
  `![alt" onerror="${pwn('md-img-alt')}](x)`,
  `![img js](javascript:${pwn('md-img-js')})`,
  `<iframe srcdoc="<script>parent.${pwn('iframe-srcdoc')}</script>"></iframe>`,
  `<iframe src="javascript:parent.${pwn('iframe-js')}"></iframe>`,
  `<details open ontoggle="${pwn('details-ontoggle')}"><summary>s</summary></details>`,
  `<body onload="${pwn('body-onload')}">`,
  `<input autofocus onfocus="${pwn('input-onfocus')}">`,
  `<object data="javascript:${pwn('object')}"></object>`,
  `<embed src="javascript:${pwn('embed')}">`,
  `<form><button formaction="javascript:${pwn('formaction')}">form button</button></form>`,
  `<noscript><p title="</noscript><img src=x onerror=${pwn('noscript')}>">`,
  `<template><img src=x onerror=${pwn('template')}></template>`,
  `<img src=x onerror=&#95;&#95;pwned('entity-encoded')>`,
  `<<script>script>${pwn('nested-tags')}<</script>/script>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${pwn('meta-refresh')}">`,
  `<base href="javascript:${pwn('base')}//">`,
  `<style>@import url("javascript:${pwn('style-import')}");</style>`,
  `<div style="background:url(javascript:${pwn('style-attr')})">styled</div>`,
  '```html\n<img src=x onerror="' + pwn('html-fence') + '"><script>' + pwn('html-fence-script') + '</script>\n```',
  '```elixir\n"</code></pre><img src=x onerror=' + pwn('elixir-fence-breakout') + '>"\n```',
  '```"><img src=x onerror=' + pwn('fence-lang') + '>\ncode\n```',
  '`<img src=x onerror=' + pwn('inline-code') + '>`',
  `<a href="https://example.com" target="_blank" rel="opener">target blank</a>`,
];

/** Plain-text fields: each must be shown as text. */
const field = (name: string) => `<img src=x onerror="${pwn(`field-${name}`)}"><script>${pwn(`field-${name}-script`)}</script>`;

describe.skipIf(!!skip)('chat webview against injection', () => {
  let browser: Browser;
  let server: ChatServer;

  beforeAll(async () => {
    server = await serveChat(join(__dirname, '../../dist/webview'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const bypassCSP of [false, true]) {
    it(`no payload runs, in any field, ${bypassCSP ? 'with the CSP bypassed (sanitising alone)' : 'under the real CSP'}`, async () => {
      const chat = await ChatPage.open(browser, server, { bypassCSP });
      try {
        const markdown = MARKDOWN_PAYLOADS.join('\n\n');
        const turns = [
          userTurn('u1', field('question'), { chips: [{ kind: 'code', label: field('chip-label'), title: field('chip-title') }, { kind: 'rule', label: 'OTP001', title: field('rule-message') }] }),
          answer('a1', { text: markdown, status: 'done', explanation: markdown }),
          answer('a2', { text: '', status: 'error', error: { message: field('error'), retryable: true }, notice: field('notice') }),
          answer('a3', { text: '', status: 'streaming' }),
        ];
        const state = chatState(conversation('c1', turns, { title: field('title'), preview: { message: field('preview'), tokens: 1, redactions: 0 } }), {
          header: header({ persona: field('persona'), phaseReason: field('phase-reason') }),
          history: [summary('c1', field('history-title'))],
          blocker: { kind: 'no-key', message: field('blocker') },
        });
        await chat.send({ type: 'state', state });
        // The same payloads streamed in small deltas, so half-open blocks are sanitised too.
        for (let i = 0; i < markdown.length; i += 37) await chat.send({ type: 'delta', turnId: 'a3', text: markdown.slice(i, i + 37) });
        await chat.send(
          { type: 'notice', turnId: 'a3', notice: field('notice-message') },
          { type: 'error', turnId: 'a3', message: field('error-message'), retryable: false },
        );
        await chat.send({ type: 'header', header: header({ persona: field('header-persona') }) });

        // Interact with everything a user could: open details, hover, focus and click every link and control
        // (except the ones that reload or post nothing of interest), then give load/error handlers time to fire.
        await chat.page.evaluate(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
          for (const el of document.querySelectorAll<HTMLElement>('#app *')) {
            el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
            el.focus();
          }
          // Also SVG and MathML anchors, which have no click() method.
          for (const a of document.querySelectorAll('a, [href]')) a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        });
        // Apply's outcome is host text shown under a code block. Pressed from the keyboard: off-screen blocks of a
        // finished answer keep a placeholder height until shown (content-visibility), so a click at the coordinates
        // measured before the page settled could land elsewhere under load, and the status line stayed empty.
        const applyButton = chat.page.locator('[data-turn-id="a1"] .answer .code-block').first().getByRole('button', { name: /^Apply code/ });
        await applyButton.focus();
        await applyButton.press('Enter');
        const apply = (await chat.posted()).find((m) => m.type === 'apply');
        expect(apply?.type).toBe('apply');
        await chat.send({ type: 'applyResult', id: apply?.type === 'apply' ? apply.id : '', outcome: 'failed', message: field('apply-result') });
        await expect(chat.page.locator('[data-turn-id="a1"] .answer .code-status').first().textContent()).resolves.toBe(field('apply-result'));
        await chat.page.waitForTimeout(300);

        expect(await chat.pwned()).toEqual([]);
        expect(chat.page.url()).toBe(`${server.origin}/`);
        // Nothing from the answer was fetched: an <img> or <iframe> that got through would request it.
        expect(server.strayRequests).toEqual([]);
        // Text fields show the payload as text.
        await expect(chat.page.locator('.persona').textContent()).resolves.toBe(field('header-persona'));
        await expect(chat.page.locator('.chip-label').first().textContent()).resolves.toBe(field('chip-label'));
        await expect(chat.page.locator('[data-turn-id="a3"] .error-message').textContent()).resolves.toBe(field('error-message'));
        // Every link that survived goes to http(s) and was handed to the host rather than followed.
        const links = (await chat.posted()).filter((m) => m.type === 'openLink');
        expect(links.length).toBeGreaterThan(0);
        for (const l of links) expect(l.type === 'openLink' && l.href).toMatch(/^https?:/);

        // Canary: the same kind of payload, written straight into the DOM past the app, does run when the CSP is
        // bypassed, so an empty __pwned list above is a real result; under the CSP it is blocked and reported.
        await chat.page.evaluate(() => {
          const div = document.createElement('div');
          div.innerHTML = '<img src="data:," onerror="__pwned(\'canary\')">';
          document.body.append(div);
        });
        await chat.page.waitForTimeout(100);
        expect(await chat.pwned()).toEqual(bypassCSP ? ['canary'] : []);
        if (!bypassCSP) expect(await chat.cspViolations()).toContain('img-src');
      } finally {
        await chat.close();
      }
    });
  }

  it('the CSP blocks an inline script injected past the app, and reports it', async () => {
    const chat = await ChatPage.open(browser, server);
    try {
      await chat.page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = "__pwned('inline-script')";
        document.body.append(script);
        const styled = document.createElement('div');
        styled.setAttribute('style', 'color: red');
        document.body.append(styled);
      });
      await chat.page.waitForTimeout(100);
      expect(await chat.pwned()).toEqual([]);
      const violations = await chat.cspViolations();
      expect(violations).toContain('script-src-elem');
      expect(violations).toContain('style-src-attr');
      // The bundle itself ran: it carries the nonce.
      expect((await chat.posted()).map((m) => m.type)).toEqual(['ready']);
    } finally {
      await chat.close();
    }
  });
});
