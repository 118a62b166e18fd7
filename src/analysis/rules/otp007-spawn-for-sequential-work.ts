// OTP007: a task or spawned process that the caller waits for at once, so nothing runs alongside it.
import { isTestCode, type ModuleFacts } from '../facts/types';
import { defineRule, PREMATURE } from './define';

/** Test helpers under `test/` (support modules in `.ex` files) run work in a process to test processes. */

export default defineRule({
  id: 'OTP007',
  name: 'spawn-for-sequential-work',
  severity: PREMATURE,
  justifiedBy: ['concurrency'],
  messages: {
    taskPipe: 'This Task.async{runs} is awaited at once: {fn} waits for it and does nothing meanwhile. Call the function directly.',
    taskNext: 'This task{runs} is awaited by the next statement of {fn}, before any other work starts. Call the function directly.',
    lazyStream: 'These tasks{runs} are started inside a lazy Stream.map and awaited one by one by {fn}: each runs alone before the next starts. Call the function directly, or start them all first (Enum.map, or Task.async_stream).',
    spawnReceive: 'The process spawned here{runs} is waited for by the next statement of {fn}, a receive for its answer. Call the function directly.',
  },
  explanation: {
    what: 'A `Task.async` awaited straight away, or a `spawn` followed at once by a `receive` for its result.',
    why:
      'A process pays for itself when something else runs while it works. A task piped into `Task.await`, or ' +
      'awaited by the very next statement (printing and bookkeeping that calls no function do not count as work), leaves the caller blocked the whole time: the work is sequential, ' +
      'only slower (the closure and its result are copied between processes) and harder to debug (a crash in ' +
      'the task is a linked exit, not an ordinary exception with its stack trace). Call the function directly. ' +
      'Start tasks when several run at once (`Task.async_stream`, several `Task.async` then `Task.await_many`), ' +
      'or to bound a call in time with `Task.yield/2` and `Task.shutdown/2`; a test that drives the code from ' +
      'several processes at once justifies the process. Not flagged, because the process is the point: an ' +
      'await with an explicit deadline (`Task.await(task, 10_000)` around slow or untrusted work), `Task.yield`, ' +
      '`Task.shutdown`; a closure that changes its own process (the process dictionary, directly or through a ' +
      'function it calls such as a tenant switch, Logger metadata, flags); and a function whose comment says ' +
      'why the work is isolated (its garbage, its heap, a crash).',
    source: 'Task documentation (async and await); OTP Advisor: TDD guidance (GREEN: no process without a test of concurrency)',
    bad: `defmodule Reports do
  def monthly(month) do
    task = Task.async(fn -> load_rows(month) end)
    rows = Task.await(task)
    Enum.sum(rows)
  end

  defp load_rows(_month), do: [10, 20, 30]
end`,
    good: `defmodule Reports do
  def monthly(month) do
    month |> load_rows() |> Enum.sum()
  end

  def yearly(months) do
    months
    |> Enum.map(fn m -> Task.async(fn -> monthly(m) end) end)
    |> Task.await_many()
  end

  defp load_rows(_month), do: [10, 20, 30]
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    // A module's own writers, and those a module it `use`s injects into it (a Repo's tenant switch from `use RepoHelpers`).
    const writers = (m: ModuleFacts | undefined, fn: string) =>
      !!m && (m.pdictWriters.includes(fn) || m.uses.some((u) => ctx.project.module(u.name)?.pdictWriters.includes(fn)));
    const writesOwnState = (callee: string) => {
      const dot = callee.lastIndexOf('.');
      if (dot === -1) return writers(mod, callee);
      return writers(ctx.project.module(callee.slice(0, dot)), callee.slice(dot + 1));
    };
    for (const w of mod.sequentialWaits) {
      // A comment that says why the work runs apart, or a closure that switches its own process's state
      // (glific's `Repo.put_process_state(org_id)` in a task): isolation, not sequential work.
      if (w.isolated || (w.calls ?? []).some(writesOwnState)) continue;
      const runs = (w.calls ?? []).find((c) => /^[A-Z]/.test(c) || !['fn', 'receive', 'send'].includes(c));
      const messageId = ({ 'task-pipe': 'taskPipe', 'task-next': 'taskNext', 'lazy-stream': 'lazyStream', 'spawn-receive': 'spawnReceive' } as const)[w.how];
      ctx.report({ messageId, at: w.span, data: { fn: w.inFunction, runs: runs ? ` (running \`${runs}\`)` : '' } });
    }
  },
});
