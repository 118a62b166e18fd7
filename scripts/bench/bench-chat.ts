// Benchmark of the chat webview's streaming render in real Chromium (`npm run bench:chat`): a 30,000-character answer
// (headings, lists, a table, several Elixir fences) arrives as 500 deltas, against the same answer rendered once from a
// single message. The deltas are posted from inside the page, one message event each, as VS Code delivers them, so
// the measurement holds the webview's own work and not the cost of driving the browser. Cost is main-thread busy time
// from Chromium's own metrics (script, style, layout, paint), so idle waits do not count, and, robust to the machine's
// load, the main thread's CPU time from a trace of the same work (see chromium-trace.ts).
// Two ways a stream arrives: in a burst (all deltas before the next frame) and paced (a delta every 30 ms, as tokens
// come from the API, so every delta gets a frame of its own). Target: each costs at most 3x the one-shot render.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../../test/helpers/browser';
import { ChatPage, serveChat } from '../../test/helpers/browser-chat';
import { DELTA_WINDOW_MS, DeltaCoalescer } from '../../src/extension/chat/delta-coalescer';
import { mainThreadCpuMs, printTimeline, traced, type TraceEvent } from './chromium-trace';

const LENGTH = 30_000;
const CHUNKS = 500;
const RUNS = Number(process.env.RUNS ?? 5);
/** The host's outbox window (WINDOW_MS=<ms> tries another). */
const WINDOW_MS = Number(process.env.WINDOW_MS ?? DELTA_WINDOW_MS);
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
  const outbox = new DeltaCoalescer((m) => m.type === 'delta' && sent.push({ at: performance.now(), text: m.text }), WINDOW_MS);
  for (const text of chunks) {
    outbox.post({ type: 'delta', turnId: 'a', text });
    await new Promise((r) => setTimeout(r, gapMs));
  }
  outbox.flush();
  return sent.map((s, i) => ({ text: s.text, waitMs: i + 1 < sent.length ? Math.max(0, Math.round(sent[i + 1].at - s.at)) : 0 }));
}

/**
 * Chromium's own floor for a stream: the same messages and waits, each shown as a plain paragraph on a blank page, in a
 * scroller the size of the chat's that follows its end. No markdown, no sanitising, no app: what remains is the cost of
 * a message, a timer and a frame (style, layout, paint) per show, which no rendering strategy can go below at that
 * cadence.
 */
async function blankPageTrace(sends: Send[]): Promise<TraceEvent[]> {
  // A browser of its own, so the trace's busiest renderer is this page's.
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 400, height: 800 } });
  // The view follows the end the way the chat does (scroll anchoring on an element at the end; see bottom-follower.ts).
  await page.setContent(
    '<div id="s" style="height:780px;overflow-y:auto;contain:strict"><div id="t" style="overflow-anchor:none"></div><div style="height:1px"></div></div>',
  );
  const cdp = await page.context().newCDPSession(page);
  const events = await traced(cdp, () =>
    page.evaluate(async (sends) => {
      // Each message a paragraph of its own: the cheapest layout (no line of earlier text is laid out again).
      const text = document.getElementById('t') as HTMLElement;
      window.addEventListener('message', (e: MessageEvent<string>) => {
        const paragraph = document.createElement('p');
        paragraph.textContent = e.data;
        text.append(paragraph);
      });
      for (const { text, waitMs } of sends) {
        window.postMessage(text, '*');
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }, sends),
  );
  await browser.close();
  return events;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const text = answerText();
  const fences = text.split('```elixir').length - 1;
  const chunkSize = Math.ceil(text.length / CHUNKS);
  const chunks = Array.from({ length: CHUNKS }, (_, i) => text.slice(i * chunkSize, (i + 1) * chunkSize)).filter((c) => c);

  const pacedSends: Send[] = chunks.map((text) => ({ text, waitMs: PACE_MS }));
  const coalescedSends = await coalescedSchedule(chunks, PACE_MS);
  // ONLY=coalesced: just the stream as the host sends it (quicker before/after comparisons); PROFILE and TRACE follow it.
  const onlyCoalesced = process.env.ONLY === 'coalesced';
  const profiledSends = onlyCoalesced ? coalescedSends : pacedSends;
  // WEBVIEW=<dir>: another build of the webview (e.g. main's, to compare before and after under the same load).
  const server = await serveChat(resolve(process.env.WEBVIEW ?? 'dist/webview'));
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
  /** The same work traced: its main-thread CPU time, pushed to `cpu`. */
  const measureCpu = async <T>(cpu: number[], work: () => Promise<T>): Promise<T> => {
    let result: T | undefined;
    cpu.push(mainThreadCpuMs(await traced(cdp, async () => (result = await work()))));
    return result as T;
  };

  const once: number[] = [];
  const burst: number[] = [];
  const paced: number[] = [];
  const pacedDelivery: number[] = [];
  const pacedCoalesced: number[] = [];
  const pacedFirst: number[] = [];
  const pacedLast: number[] = [];
  const pacedParts: Record<string, number>[] = [];
  const cpu = { once: [] as number[], burst: [] as number[], paced: [] as number[], coalesced: [] as number[], delivery: [] as number[], blank: [] as number[] };
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
  // One untimed one-shot render first: the first render also compiles the markdown pipeline's code, which would
  // inflate the denominator of every ratio.
  await startStream('warm-up');
  await chat.send({ type: 'turn', turn: { id: 'a', role: 'assistant', text, status: 'done' } });
  for (let run = 0; run < RUNS; run++) {
    await startStream(`o${run}`);
    once.push(
      await measureCpu(cpu.once, () =>
        measure(() =>
          chat.page.evaluate(async (full) => {
            window.postMessage({ type: 'turn', turn: { id: 'a', role: 'assistant', text: full, status: 'done' } }, '*');
            await new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
          }, text),
        ),
      ),
    );
    const oneShotHtml = await answerHtml();

    cpu.blank.push(mainThreadCpuMs(await blankPageTrace(coalescedSends)));
    if (onlyCoalesced) {
      await startStream(`c${run}`);
      const joined = await measureCpu(cpu.coalesced, () => streamPaced('a', coalescedSends));
      pacedCoalesced.push(joined[joined.length - 1] - joined[0]);
      compare(`paced through the host's outbox, run ${run + 1}`, await answerHtml(), oneShotHtml);
      continue;
    }
    // Burst: every delta is queued before the webview gets a frame, then done.
    await startStream(`b${run}`);
    burst.push(
      await measureCpu(cpu.burst, () =>
        measure(() =>
          chat.page.evaluate(async (pieces) => {
            for (const piece of pieces) window.postMessage({ type: 'delta', turnId: 'a', text: piece }, '*');
            window.postMessage({ type: 'done', turnId: 'a', status: 'done' }, '*');
            await new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 0));
          }, chunks),
        ),
      ),
    );
    compare(`burst run ${run + 1}`, await answerHtml(), oneShotHtml);

    await startStream(`p${run}`);
    const before = await metricsMs(cdp);
    const marks = await measureCpu(cpu.paced, () => streamPaced('a'));
    const after = await metricsMs(cdp);
    pacedParts.push(Object.fromEntries(BREAKDOWN.map((k) => [k, after[k] - before[k]])));
    paced.push(marks[marks.length - 1] - marks[0]);
    pacedFirst.push(marks[1] - marks[0]);
    pacedLast.push(marks[marks.length - 2] - marks[marks.length - 3]);
    compare(`paced run ${run + 1}`, await answerHtml(), oneShotHtml);
    // The same stream as the host sends it: deltas joined per DELTA_WINDOW_MS by its outbox.
    await startStream(`c${run}`);
    const joined = await measureCpu(cpu.coalesced, () => streamPaced('a', coalescedSends));
    pacedCoalesced.push(joined[joined.length - 1] - joined[0]);
    compare(`paced through the host's outbox, run ${run + 1}`, await answerHtml(), oneShotHtml);
    // The same 500 wake-ups for a turn not on screen, which the webview drops: what receiving a paced stream costs a
    // page before it renders anything (timer and message tasks).
    await startStream(`d${run}`);
    const idle = await measureCpu(cpu.delivery, () => streamPaced('not-on-screen'));
    pacedDelivery.push(idle[idle.length - 1] - idle[0]);
  }

  // PROFILE=1: one more paced stream under Chromium's sampling profiler, with the functions that held the most time
  // (PROFILE_FILE=<path> also writes the profile, for inclusive times per function).
  if (process.env.PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await startStream('profiled');
    await cdp.send('Profiler.start');
    await streamPaced('a', profiledSends);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    printHotFunctions(profile);
    if (process.env.PROFILE_FILE) writeFileSync(process.env.PROFILE_FILE, JSON.stringify(profile));
  }
  // TRACE=1: one more paced stream under Chromium's tracing, with the renderer main thread's time per event kind
  // (inclusive, so nested kinds overlap): what the busy time that is neither script, style nor layout is made of
  // Then its tasks by kind (frames, messages, timers) and a frame's mean CPU per stage (TRACE_FILE=<path> also writes
  // the events).
  if (process.env.TRACE) {
    await startStream('traced');
    const events = await traced(cdp, () => streamPaced('a', profiledSends));
    printTimeline(events);
    console.log('the same messages on a blank page (Chromium\'s floor):');
    printTimeline(await blankPageTrace(profiledSends));
    if (process.env.TRACE_FILE) writeFileSync(process.env.TRACE_FILE, JSON.stringify(events));
  }
  await browser.close();
  await server.close();

  const o = median(once);
  const oc = median(cpu.once);
  if (onlyCoalesced) {
    const c = median(cpu.coalesced);
    const b = median(cpu.blank);
    console.log(`one-shot CPU ${oc.toFixed(1)} ms; paced as the host sends it (${coalescedSends.length} messages): CPU ${c.toFixed(1)} ms = ${(c / oc).toFixed(2)}x; Chromium's floor (plain text on a blank page) ${b.toFixed(1)} ms = ${(b / oc).toFixed(2)}x; identical DOM: ${mismatches.length === 0 ? 'yes' : 'NO'}`);
    return;
  }
  /** A measure's median wall time and its CPU time, each as a multiple of the one-shot render's. */
  const both = (wall: number[], cpuMs: number[]): string => {
    const w = median(wall);
    const c = median(cpuMs);
    return `CPU ${c.toFixed(1).padStart(7)} ms = ${(c / oc).toFixed(2)}x | wall ${w.toFixed(1).padStart(7)} ms = ${(w / o).toFixed(2)}x`;
  };
  const minus = (xs: number[], ys: number[]): number[] => xs.map((x, i) => x - ys[i]);
  console.log(`answer: ${text.length} chars, ${fences} elixir fences, ${chunks.length} deltas of ${chunkSize} chars; medians of ${RUNS} runs`);
  console.log('renderer main thread: CPU time (thread time from a trace; holds under load) and wall busy time (Performance metrics; swings with load); ratios to the one-shot render, target <= 3');
  console.log(`one-shot render (whole answer in one message):  CPU ${oc.toFixed(1).padStart(7)} ms         | wall ${o.toFixed(1).padStart(7)} ms`);
  console.log(`burst, all deltas before a frame, then done:    ${both(burst, cpu.burst)}`);
  console.log(`paced, a delta every ${PACE_MS} ms:                     ${both(paced, cpu.paced)}`);
  console.log(`  receiving ${chunks.length} paced messages at all:         ${both(pacedDelivery, cpu.delivery)} (same stream to a turn not on screen, dropped)`);
  console.log(`  rendering alone:                              ${both(minus(paced, pacedDelivery), minus(cpu.paced, cpu.delivery))}`);
  console.log(`  of the paced wall time: ${BREAKDOWN.map((k) => `${k.replace('Duration', '').replace('RecalcStyle', 'style').toLowerCase()} ${median(pacedParts.map((x) => x[k])).toFixed(1)} ms`).join(', ')}; the rest is paint, tasks and messages`);
  console.log(`paced, as the host sends it (${coalescedSends.length} messages, deltas joined per ${WINDOW_MS} ms, receipt included): ${both(pacedCoalesced, cpu.coalesced)}`);
  const blank = median(cpu.blank);
  console.log(`  Chromium's floor, the same messages appended as plain text to a blank page: CPU ${blank.toFixed(1).padStart(7)} ms = ${(blank / oc).toFixed(2)}x (no app code: a message, a timer and a frame per show)`);
  console.log(`  wall, deltas 1-100 ${median(pacedFirst).toFixed(1)} ms, deltas 301-400 ${median(pacedLast).toFixed(1)} ms (flat = no re-render of the whole answer)`);
  console.log(`streamed DOM identical to one-shot DOM: ${mismatches.length === 0 ? 'yes' : 'NO'}`);
  for (const m of mismatches) console.log(`  ${m}`);
  if (mismatches.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
