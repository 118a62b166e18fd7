// Chromium's tracing over CDP, for the chat bench: the page's renderer main thread, its busy time as thread CPU time,
// and its time per trace event kind. CPU time is what holds on a loaded machine: a task's wall time also counts the
// time the thread waited for a core, and the scheduler makes a long task (a one-shot render) wait far longer per ms of
// work than many short ones (a paced stream), so wall-time ratios between the two swing with the load.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  /** Start, in µs. */
  ts: number;
  /** Wall and thread (CPU) duration, in µs. */
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The trace events Chromium records while `work` runs. */
export async function traced(cdp: CDPSession, work: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: unknown[] }): void => void events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  try {
    await work();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return events;
}

/** Events of the renderer main thread that ran the most tasks (the bench has one page; other renderers idle). */
function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(key));
  const busy = new Map<string, number>();
  for (const e of events) if (e.name === 'RunTask' && mains.has(key(e))) busy.set(key(e), (busy.get(key(e)) ?? 0) + (e.dur ?? 0));
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  return events.filter((e) => key(e) === main && e.ph === 'X');
}

/** CPU time of the renderer main thread's tasks, in ms. */
export function mainThreadCpuMs(events: TraceEvent[]): number {
  return mainThreadEvents(events).reduce((sum, e) => sum + (e.name === 'RunTask' ? (e.tdur ?? 0) / 1000 : 0), 0);
}

/** The renderer main thread's CPU time per event kind, inclusive (nested kinds overlap), with how many there were. */
export function printTimeline(events: TraceEvent[]): void {
  const total = new Map<string, { ms: number; n: number }>();
  for (const e of mainThreadEvents(events)) {
    const t = total.get(e.name) ?? { ms: 0, n: 0 };
    total.set(e.name, { ms: t.ms + (e.tdur ?? 0) / 1000, n: t.n + 1 });
  }
  console.log('traced paced stream, renderer main thread, CPU ms per event kind (inclusive) and count:');
  for (const [name, { ms, n }] of [...total].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms ${String(n).padStart(5)}x  ${name}`);
  printTasks(mainThreadEvents(events));
}

const FRAME_KINDS = ['FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit'];

/**
 * The main thread's tasks by what they ran: frames (a lifecycle update: script in animation frames, style, layout,
 * paint...), message and timer tasks, and the rest (the compositor's and the browser's IPC, GC); with a frame's mean
 * cost per kind, which says whether the cost is our script or Chromium's per-frame work.
 */
function printTasks(mainEvents: TraceEvent[]): void {
  const sorted = [...mainEvents].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byClass = new Map<string, { ms: number; n: number }>();
  const frameKinds = new Map<string, number>();
  for (let i = 0; i < sorted.length; ) {
    const task = sorted[i++];
    if (task.name !== 'RunTask') continue;
    const end = task.ts + (task.dur ?? 0);
    const inside: TraceEvent[] = [];
    while (i < sorted.length && sorted[i].ts <= end) inside.push(sorted[i++]);
    const names = new Set(inside.map((e) => e.name));
    const kind = ['Paint', 'Layout', 'FireAnimationFrame', 'Commit'].some((k) => names.has(k)) ? 'frame' : names.has('HandlePostMessage') ? 'message' : names.has('TimerFire') ? 'timer' : 'other';
    const c = byClass.get(kind) ?? { ms: 0, n: 0 };
    byClass.set(kind, { ms: c.ms + (task.tdur ?? 0) / 1000, n: c.n + 1 });
    if (kind === 'frame') for (const e of inside) if (FRAME_KINDS.includes(e.name)) frameKinds.set(e.name, (frameKinds.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
  }
  console.log('its tasks, CPU ms (count, mean):');
  for (const [kind, { ms, n }] of byClass) console.log(`  ${ms.toFixed(1).padStart(8)} ms ${String(n).padStart(5)}x  ${(ms / n).toFixed(2)} ms  ${kind}`);
  const frames = byClass.get('frame')?.n ?? 1;
  console.log(`  a frame's mean CPU ms per kind: ${FRAME_KINDS.map((k) => `${k} ${((frameKinds.get(k) ?? 0) / frames).toFixed(2)}`).join(', ')}`);
}
