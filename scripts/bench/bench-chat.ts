// Benchmark of the chat webview's streaming render in real Chromium (`npm run bench:chat`): a 30,000-character answer
// (headings, lists, a table, several Elixir fences) arrives as 500 deltas, against the same answer rendered once from a
// single message. The deltas are posted from inside the page, one message event each, as VS Code delivers them, so
// the measurement holds the webview's own work and not the cost of driving the browser. Cost is main-thread busy time
// from Chromium's own metrics (script, style, layout, paint), so idle waits do not count.
// Two ways a stream arrives: in a burst (all deltas before the next frame) and paced (a delta every 30 ms, as tokens
// come from the API, so every delta gets a frame of its own). Target: each costs at most 3x the one-shot render.
import { resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../../test/helpers/browser';
import { ChatPage, serveChat } from '../../test/helpers/browser-chat';
import { DELTA_WINDOW_MS, DeltaCoalescer } from '../../src/extension/chat/delta-coalescer';

const LENGTH = 30_000;
const CHUNKS = 500;
const RUNS = Number(process.env.RUNS ?? 5);
/** A delta every PACE_MS, as tokens come from the API. */
const PACE_MS = 30;

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
  return (await metricsMs(cdp)).TaskDuration;
}

/** Chromium's cumulative main-thread times, in ms: TaskDuration (all busy time), ScriptDuration, LayoutDuration, RecalcStyleDuration. */
async function metricsMs(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value * 1000]));
}

const BREAKDOWN = ['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function printHotFunctions(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log('profiled paced stream, self time by function (idle excluded):');
  for (const [key, ms] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  args?: { name?: string };
}

async function traced(cdp: CDPSession, work: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await work();
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

function printTimeline(events: TraceEvent[]): void {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
  const total = new Map<string, number>();
  for (const e of events) if (e.tid === main && e.ph === 'X' && e.dur) total.set(e.name, (total.get(e.name) ?? 0) + e.dur / 1000);
  console.log('traced paced stream, renderer main thread, inclusive ms per event kind:');
  for (const [name, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
}

/** One message the page receives, and the wait before the next. */
interface Send {
  text: string;
  waitMs: number;
}

/**
 * What the webview receives when the extension host's outbox (DeltaCoalescer) sends deltas that arrive every `gapMs`:
 * the real coalescer, run on this process's clock, and the gaps between the messages it sent.
 */
async function coalescedSchedule(chunks: string[], gapMs: number): Promise<Send[]> {
  const sent: { at: number; text: string }[] = [];
  const outbox = new DeltaCoalescer((m) => m.type === 'delta' && sent.push({ at: performance.now(), text: m.text }));
  for (const text of chunks) {
    outbox.post({ type: 'delta', turnId: 'a', text });
    await new Promise((r) => setTimeout(r, gapMs));
  }
  outbox.flush();
  return sent.map((s, i) => ({ text: s.text, waitMs: i + 1 < sent.length ? Math.max(0, Math.round(sent[i + 1].at - s.at)) : 0 }));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const text = answerText();
  const fences = text.split('```elixir').length - 1;
  const chunkSize = Math.ceil(text.length / CHUNKS);
  const chunks = Array.from({ length: CHUNKS }, (_, i) => text.slice(i * chunkSize, (i + 1) * chunkSize)).filter((c) => c);

  const pacedSends: Send[] = chunks.map((text) => ({ text, waitMs: PACE_MS }));
  const coalescedSends = await coalescedSchedule(chunks, PACE_MS);
  const server = await serveChat(resolve('dist/webview'));
  const browser = await launchChromium();
  const chat = await ChatPage.open(browser, server, { width: 400, height: 800 });
  const cdp = await chat.context.newCDPSession(chat.page);
  await cdp.send('Performance.enable');

  const header = { phase: 'green', phaseSetting: 'auto', phaseReason: 'bench', persona: 'OTP expert' };
  const startStream = async (id: string) => {
    await chat.send({ type: 'state', state: { header, history: [], conversation: { id, title: id, created: 0, updated: 0, turns: [] } } });
    await chat.send({ type: 'turn', turn: { id: 'a', role: 'assistant', text: '', status: 'streaming' } });
  };
  // The code blocks' edge-shadow classes follow layout (a ResizeObserver sets them a frame later), not the text, so
  // they are left out of the comparison of streamed and one-shot DOM.
  const answerHtml = async () => (await chat.page.locator('[data-turn-id="a"] .answer').innerHTML()).replace(/ is-clipped-(left|right)/g, '');
  /** Busy time of `work`, which runs in the page and resolves once the page has rendered everything it caused. */
  const measure = async (work: () => Promise<unknown>): Promise<number> => {
    const before = await busyMs(cdp);
    await work();
    return (await busyMs(cdp)) - before;
  };

  const once: number[] = [];
  const burst: number[] = [];
  const paced: number[] = [];
  const pacedDelivery: number[] = [];
  const pacedCoalesced: number[] = [];
  const pacedFirst: number[] = [];
  const pacedLast: number[] = [];
  const pacedParts: Record<string, number>[] = [];
  const mismatches: string[] = [];
  /** Records where a streamed answer's DOM first differs from the one-shot DOM (they must be equal). */
  const compare = (label: string, html: string, expected: string): void => {
    if (html === expected) return;
    let i = 0;
    while (i < html.length && html[i] === expected[i]) i++;
    mismatches.push(`${label}: first difference at ${i}: streamed …${html.slice(Math.max(0, i - 80), i + 80)}… one-shot …${expected.slice(Math.max(0, i - 80), i + 80)}…`);
  };

  // Paced: a delta every 30 ms, as tokens arrive from the API. Posted in five runs of a hundred, so busy time over
  // the first and the last hundred shows whether a delta's cost grows with the answer.
  const streamPaced = async (turnId: string, sends: Send[] = pacedSends): Promise<number[]> => {
    const marks: number[] = [await busyMs(cdp)];
    const part = Math.ceil(sends.length / 5);
    for (let i = 0; i < sends.length; i += part) {
      await chat.page.evaluate(
        async ({ sends, turnId }) => {
          for (const { text, waitMs } of sends) {
            window.postMessage({ type: 'delta', turnId, text }, '*');
            await new Promise((r) => setTimeout(r, waitMs));
          }
        },
        { sends: sends.slice(i, i + part), turnId },
      );
      marks.push(await busyMs(cdp));
    }
    const rest = await measure(() =>
      chat.page.evaluate(async (turnId) => {
        window.postMessage({ type: 'done', turnId, status: 'done' }, '*');
        await new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
      }, turnId),
    );
    marks[marks.length - 1] += rest;
    return marks;
  };
  for (let run = 0; run < RUNS; run++) {
    await startStream(`o${run}`);
    once.push(
      await measure(() =>
        chat.page.evaluate(async (full) => {
          window.postMessage({ type: 'turn', turn: { id: 'a', role: 'assistant', text: full, status: 'done' } }, '*');
          await new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
        }, text),
      ),
    );
    const oneShotHtml = await answerHtml();

    // Burst: every delta is queued before the webview gets a frame, then done.
    await startStream(`b${run}`);
    burst.push(
      await measure(() =>
        chat.page.evaluate(async (pieces) => {
          for (const piece of pieces) window.postMessage({ type: 'delta', turnId: 'a', text: piece }, '*');
          window.postMessage({ type: 'done', turnId: 'a', status: 'done' }, '*');
          await new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
        }, chunks),
      ),
    );
    compare(`burst run ${run + 1}`, await answerHtml(), oneShotHtml);

    await startStream(`p${run}`);
    const before = await metricsMs(cdp);
    const marks = await streamPaced('a');
    const after = await metricsMs(cdp);
    pacedParts.push(Object.fromEntries(BREAKDOWN.map((k) => [k, after[k] - before[k]])));
    paced.push(marks[marks.length - 1] - marks[0]);
    pacedFirst.push(marks[1] - marks[0]);
    pacedLast.push(marks[marks.length - 2] - marks[marks.length - 3]);
    compare(`paced run ${run + 1}`, await answerHtml(), oneShotHtml);
    // The same stream as the host sends it: deltas joined per DELTA_WINDOW_MS by its outbox.
    await startStream(`c${run}`);
    const joined = await streamPaced('a', coalescedSends);
    pacedCoalesced.push(joined[joined.length - 1] - joined[0]);
    compare(`paced through the host's outbox, run ${run + 1}`, await answerHtml(), oneShotHtml);
    // The same 500 wake-ups for a turn not on screen, which the webview drops: what receiving a paced stream costs a
    // page before it renders anything (timer and message tasks).
    await startStream(`d${run}`);
    const idle = await streamPaced('not-on-screen');
    pacedDelivery.push(idle[idle.length - 1] - idle[0]);
  }

  // PROFILE=1: one more paced stream under Chromium's sampling profiler, with the functions that held the most time.
  if (process.env.PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await startStream('profiled');
    await cdp.send('Profiler.start');
    await streamPaced('a');
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    printHotFunctions(profile);
  }
  // TRACE=1: one more paced stream under Chromium's tracing, with the renderer main thread's time per event kind
  // (inclusive, so nested kinds overlap): what the busy time that is neither script, style nor layout is made of.
  if (process.env.TRACE) {
    await startStream('traced');
    const events = await traced(cdp, () => streamPaced('a'));
    printTimeline(events);
  }
  await browser.close();
  await server.close();

  const o = median(once);
  const b = median(burst);
  const p = median(paced);
  const d = median(pacedDelivery);
  const ratio = (x: number) => `${(x / o).toFixed(2)}x one-shot`;
  console.log(`answer: ${text.length} chars, ${fences} elixir fences, ${chunks.length} deltas of ${chunkSize} chars; medians of ${RUNS} runs; main-thread busy time`);
  console.log(`one-shot render (whole answer in one message):    ${o.toFixed(1)} ms`);
  console.log(`burst, all deltas before a frame, then done:      ${b.toFixed(1)} ms = ${ratio(b)} (target <= 3)`);
  console.log(`paced, a delta every 30 ms:                       ${p.toFixed(1)} ms = ${ratio(p)} (target <= 3), ${(p / chunks.length).toFixed(3)} ms per delta`);
  console.log(`  of which receiving 500 paced messages at all:   ${d.toFixed(1)} ms (same stream to a turn not on screen, dropped)`);
  console.log(`  rendering alone:                                ${(p - d).toFixed(1)} ms = ${ratio(p - d)}`);
  console.log(`  of the paced total: ${BREAKDOWN.map((k) => `${k.replace('Duration', '').replace('RecalcStyle', 'style').toLowerCase()} ${median(pacedParts.map((x) => x[k])).toFixed(1)} ms`).join(', ')}; the rest is paint, tasks and messages`);
  const c = median(pacedCoalesced);
  console.log(`paced, as the host sends it (${coalescedSends.length} messages, deltas joined per ${DELTA_WINDOW_MS} ms): ${c.toFixed(1)} ms = ${ratio(c)} (target <= 3), message receipt included`);
  console.log(`  deltas 1-100 ${median(pacedFirst).toFixed(1)} ms, deltas 301-400 ${median(pacedLast).toFixed(1)} ms (flat = no re-render of the whole answer)`);
  console.log(`streamed DOM identical to one-shot DOM: ${mismatches.length === 0 ? 'yes' : 'NO'}`);
  for (const m of mismatches) console.log(`  ${m}`);
  if (mismatches.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
