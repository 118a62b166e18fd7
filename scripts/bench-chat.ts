// Benchmark of the chat webview's streaming render in real Chromium (`npm run bench:chat`): a 30,000-character answer
// (headings, lists, a table, several Elixir fences) arrives as 500 deltas through the real message path, against the
// same answer rendered once from a single message. Cost is main-thread busy time from Chromium's own metrics (script,
// style, layout, paint), so idle waits do not count. Target: streaming costs at most 3x the one-shot render.
// Also printed: the worst case where every delta gets its own frame, and whether a delta's cost grows with the answer.
import { resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser';
import { ChatPage, serveChat } from '../test/helpers/browser-chat';

const LENGTH = 30_000;
const CHUNKS = 500;
const RUNS = 5;

function section(i: number): string {
  const mod = `Shop.Module${i}`;
  return `## ${i + 1}. Does \`${mod}\` need a process?

\`${mod}\` starts a GenServer in \`start_link/1\`, but every \`handle_call/3\` clause returns the state it was given.
Nothing is ever stored between calls, so the process only serialises work that could run in the caller.

- **Concurrency**: callers queue behind one mailbox, so the module becomes a bottleneck under load.
- **Failure**: a crash loses nothing, because there is nothing to lose; the supervisor restart buys nothing.
- **Testing**: tests need \`start_supervised!/1\` where a plain function call would do.

\`\`\`elixir
defmodule ${mod} do
  @moduledoc "Prices a cart without a process."

  @spec total([map()]) :: non_neg_integer()
  def total(items) when is_list(items) do
    items
    |> Enum.map(fn %{price: price, qty: qty} -> price * qty end)
    |> Enum.sum()
  end

  def discount(total, %{percent: p}) when p in 0..100, do: div(total * (100 - p), 100)
  def discount(total, _none), do: total
end
\`\`\`

| Concern | GenServer | Plain module |
| --- | --- | --- |
| Calls per second | limited by one mailbox | limited by callers |
| State | none kept | none needed |
| Test setup | \`start_supervised!\` | none |

1. Replace \`GenServer.call(${mod}, {:total, items})\` with \`${mod}.total(items)\`.
2. Remove the child spec from \`Shop.Application\`.
3. Delete the tests that only check the process is alive.

> Keep the process if a test kills it and expects the supervisor to restore a state; here none does.

`;
}

function answerText(): string {
  let text = '# Premature OTP in the cart\n\nShort version: most of these processes can be plain modules.\n\n';
  for (let i = 0; text.length + section(i).length < LENGTH - 200; i++) text += section(i);
  const filler = 'The remaining modules follow the same pattern and the same fix applies to each of them. ';
  while (text.length < LENGTH) text += filler;
  return text.slice(0, LENGTH);
}

async function busyMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const text = answerText();
  const fences = text.split('```elixir').length - 1;
  const chunkSize = Math.ceil(text.length / CHUNKS);
  const chunks = Array.from({ length: CHUNKS }, (_, i) => text.slice(i * chunkSize, (i + 1) * chunkSize)).filter((c) => c);

  const server = await serveChat(resolve('dist/webview'));
  const browser = await launchChromium();
  const chat = await ChatPage.open(browser, server, { width: 400, height: 800 });
  const cdp = await chat.context.newCDPSession(chat.page);
  await cdp.send('Performance.enable');

  const header = { phase: 'green', phaseSetting: 'auto', phaseReason: 'bench', persona: 'OTP expert' };
  const reset = (id: string) =>
    chat.send({ type: 'state', state: { header, history: [], conversation: { id, title: id, created: 0, updated: 0, turns: [] } } });

  const harness: number[] = [];
  const host: number[] = [];
  const hostWall: number[] = [];
  const paced: number[] = [];
  const pacedFirst: number[] = [];
  const pacedLast: number[] = [];
  const once: number[] = [];
  let identical = true;
  const answerHtml = () => chat.page.locator('[data-turn-id="a"] .answer').innerHTML();
  const startStream = async (id: string) => {
    await reset(id);
    await chat.send({ type: 'turn', turn: { id: 'a', role: 'assistant', text: '', status: 'streaming' } });
  };

  for (let run = 0; run < RUNS; run++) {
    await reset(`o${run}`);
    const start = await busyMs(cdp);
    await chat.page.evaluate(async (full) => {
      window.postMessage({ type: 'turn', turn: { id: 'a', role: 'assistant', text: full, status: 'done' } }, '*');
      await new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
    }, text);
    once.push((await busyMs(cdp)) - start);
    const oneShotHtml = await answerHtml();

    // As from the extension host: one postMessage per delta, each a separate call into the page, no waiting;
    // the webview renders at most once per animation frame, whatever arrived by then.
    await startStream(`h${run}`);
    let before = await busyMs(cdp);
    const t0 = performance.now();
    for (const piece of chunks) await chat.page.evaluate((m) => window.postMessage(m, '*'), { type: 'delta', turnId: 'a', text: piece });
    await chat.send({ type: 'done', turnId: 'a', status: 'done' });
    hostWall.push(performance.now() - t0);
    host.push((await busyMs(cdp)) - before);
    identical &&= (await answerHtml()) === oneShotHtml;

    // The same calls for a turn the webview does not have: it drops them, leaving the cost of the calls themselves.
    await startStream(`n${run}`);
    before = await busyMs(cdp);
    for (const piece of chunks) await chat.page.evaluate((m) => window.postMessage(m, '*'), { type: 'delta', turnId: 'none', text: piece });
    await chat.send({ type: 'done', turnId: 'none', status: 'done' });
    harness.push((await busyMs(cdp)) - before);

    // Worst case: every delta gets a frame of its own, so every delta is rendered. Busy time over the first and
    // the last hundred deltas shows whether the cost of a delta grows with the answer (it must not).
    await startStream(`p${run}`);
    before = await busyMs(cdp);
    const marks: number[] = [];
    for (let i = 0; i < chunks.length; i += 100) {
      marks.push(await busyMs(cdp));
      await chat.page.evaluate(async (pieces) => {
        const frame = () => new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
        for (const piece of pieces) {
          window.postMessage({ type: 'delta', turnId: 'a', text: piece }, '*');
          await frame();
        }
      }, chunks.slice(i, i + 100));
    }
    marks.push(await busyMs(cdp));
    await chat.send({ type: 'done', turnId: 'a', status: 'done' });
    paced.push((await busyMs(cdp)) - before);
    pacedFirst.push(marks[1] - marks[0]);
    pacedLast.push(marks[marks.length - 1] - marks[marks.length - 2]);
    identical &&= (await answerHtml()) === oneShotHtml;
  }

  await browser.close();
  await server.close();

  const o = median(once);
  const h = median(host);
  const n = median(harness);
  const p = median(paced);
  console.log(`answer: ${text.length} chars, ${fences} elixir fences, ${chunks.length} deltas of ${chunkSize} chars; medians of ${RUNS} runs; main-thread busy time`);
  console.log(`one-shot render (whole answer in one message):   ${o.toFixed(1)} ms`);
  console.log(`streamed, deltas posted one by one by the host:   ${h.toFixed(1)} ms (${median(hostWall).toFixed(0)} ms wall)`);
  console.log(`  of which the test's own postMessage calls:      ${n.toFixed(1)} ms (same calls, dropped by the webview)`);
  console.log(`ratio streamed / one-shot: ${((h - n) / o).toFixed(2)} without the calls' own cost (target <= 3), ${(h / o).toFixed(2)} with it`);
  console.log(`worst case, one frame per delta (500 renders):    ${p.toFixed(1)} ms, ${(p / chunks.length).toFixed(2)} ms per delta incl. paint`);
  console.log(`  first 100 deltas ${median(pacedFirst).toFixed(0)} ms, last 100 deltas ${median(pacedLast).toFixed(0)} ms (flat = no re-render of the whole answer)`);
  console.log(`streamed DOM identical to one-shot DOM: ${identical ? 'yes' : 'NO'}`);
  if (!identical) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
