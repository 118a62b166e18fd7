// OTP010: a timer or a timeout whose duration is fixed in the source and that no test exercises.
import type { Timer } from '../facts/timer-fact';
import { isTestCode } from '../facts/types';
import { defineRule } from './define';

const WHAT: Partial<Record<Timer['kind'], string>> = {
  'callback-timeout': 'an idle timeout in a GenServer return',
  'receive-after': 'a `receive ... after` loop',
};

/** ExUnit's default wait in `assert_receive`: a shorter timer fires while any such assertion waits. */
const ASSERT_RECEIVE_DEFAULT_MS = 100;

/**
 * Not timers to test: a deferral fires on every start, a bound or a grace delay only guards against the unexpected,
 * and a retry's delay is a guess at when the other side is back.
 */
const NOT_BEHAVIOUR = new Set<Timer['purpose']>(['deferral', 'bound', 'shutdown', 'retry']);

/** Timers that are at most a hint: nobody pins a page's refresh rate, a sweep's cadence or when a debug mode ends. */
const HINTS = new Set<Timer['purpose']>(['ui', 'maintenance', 'diagnostic', 'pacing', 'keepalive']);
const PURPOSE: Record<string, string> = {
  ui: 'a UI refresh',
  maintenance: 'periodic maintenance',
  diagnostic: 'a diagnostic switch',
  pacing: 'a step before the watchdog that ends the process',
  keepalive: 'a keep-alive',
};

function duration(value: string): string {
  return /^[\d_]+$/.test(value) ? `${value} ms` : `\`${value}\``;
}

export default defineRule({
  id: 'OTP010',
  name: 'untested-timeout',
  // Information at most, never a warning: read one by one on every expert batch, untested timers were nearly all
  // mechanism (retries, polls, keep-alives, refreshes) or "at most a hint" (1 agreed finding in about 45), and no
  // learner labeller named one. What the rule says is a gap in the tests, worth seeing, not premature OTP to fix.
  severity: { red: 'information', green: 'information', refactor: 'hint' },
  justifiedBy: ['timers'],
  messages: {
    timer: '`{call}` in {fn} {action} after {value}, and no test sends {message} or waits for it.',
    periodic: '`{call}` in {fn} {action} after {value} ({purpose}), and no test sends {message} or waits for it.',
    timeout: '{fn} sets {what} of {value}, and no test exercises it.',
  },
  explanation: {
    what:
      'A timer (`Process.send_after`, `:timer.send_after/send_interval/apply_after/apply_interval`, `:erlang.send_after`) ' +
      'or a timeout (a GenServer return with a timeout, `receive ... after N`, a `GenServer.call` timeout other than ' +
      'the default 5 s) whose duration is fixed in the source, and that no test exercises.',
    why:
      'What this rule is for: a product behaviour driven by time (an expiry, a deadline, a reminder, a scheduled ' +
      'business event: its handler changes what the process holds or tells users something) that no test pins down. ' +
      'It is information, not a warning, in every phase: an untested timer is a gap in the tests to see, and on code ' +
      'reviewed finding by finding it was seldom one an expert would ask to fix. ' +
      'Timers that only keep the mechanism running (reconnect, retry, ping, poll, flush, cleanup) are at most a hint. ' +
      'Timing is behaviour: a periodic message, an idle timeout, a limit on how long to wait. Code written to pass ' +
      'a test seldom needs one, and an untested one is the part most likely to misbehave in production (a sweep ' +
      'that never runs, a timeout too short under load). Leave it out until a test asks for it; then exercise it: ' +
      'send the timer\'s message from the test, wait with `assert_receive`/`refute_receive` and a timeout, or read ' +
      'the duration from an option the test sets short. Not flagged: durations taken from an argument, an option ' +
      'or config (the caller, and its tests, choose them), `after 0` (a mailbox poll), `:infinity`, and a timer of ' +
      '100 ms or less in a tested module (a plain `assert_receive` waits that long). Not findings either, because ' +
      'they are not behaviour driven by time: a deferral (`send_after(self(), msg, 0)`, `{:ok, state, 1}` from ' +
      '`init`, which runs on every start); a defensive bound (a `GenServer.call` timeout, a `receive ... after` ' +
      'that gives up waiting for a reply or a port, a long poll whose timer message carries the waiting caller\'s ' +
      '`from` and looks again before answering); a grace delay or watchdog whose handler stops the process or ' +
      'the node, behind a condition too (`:timer.apply_after(50, System, :halt, [0])`; an idle disconnect whose ' +
      '`handle_info` stops the session unless a client came back, also in a callback module whose own server forwards ' +
      'its messages); connecting again after a failure (a reconnect, ' +
      'resubscribe or backoff message: `:connect`, `{:subscribe_retry, n}`), whose delay is a guess at when the other ' +
      'side is back (a job retrying its own work is behaviour, and stays), and so is a delay whose own name or the ' +
      'name of the function arming it says it is the wait before trying again (`@restart_delay_ms` before running a ' +
      'dead external program again, `retry_challenge/1`); a deadline on a request the process made for a caller, whose ' +
      'handler answers that caller with an error (`GenServer.reply(caller, {:error, :timeout})` for a command sent to ' +
      'hardware). A UI refresh (any timer of a LiveView, a ' +
      'refresh, poll, debounce or flash message) and periodic maintenance (cleanup, sweep, prune, GC) are at most ' +
      'a hint: nobody tests that a page re-reads its stats every 3 s. So are a diagnostic switch (a debug mode turned ' +
      'off again after a while), a one-shot step armed beside a longer watchdog that ends the process (a probe that ' +
      'falls back to asking in plain text after 10 s and gives up at 20 s: pacing inside an exchange already bounded), and a periodic cadence (a heartbeat, a refresh or poll: `:timer.send_interval`, or a ' +
      'timer its own message\'s handler arms again) whose handler hands each tick\'s work to a module that tests ' +
      'exercise: what a tick does is tested, and only the interval, a tuning constant, is not. A periodic timer whose ' +
      'work is done here and tested nowhere stays a finding, except a keep-alive (a periodic ping or heartbeat that ' +
      'holds an idle connection open), which is a hint. A timer counts as exercised when a test sends ' +
      'its message or waits for it, when a test of a module that `defdelegate`s to this one does, and when a test ' +
      'consumes the process\'s output over time (a timer started in `init`).',
    source: 'OTP Advisor: TDD guidance (GREEN: no timer or timeout that no test asks for)',
    bad: `defmodule Shop.Reminder do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)

  @impl true
  def init(carts) do
    Process.send_after(self(), :remind, 60_000)
    {:ok, carts}
  end

  @impl true
  def handle_info(:remind, carts) do
    Process.send_after(self(), :remind, 60_000)
    Enum.each(carts, &Shop.Mailer.remind/1)
    {:noreply, carts}
  end
end`,
    good: `defmodule Shop.Reminder do
  def remind(carts), do: Enum.each(carts, &Shop.Mailer.remind/1)
end`,
  },
  check(mod, ctx) {
    if (!mod.timers.length || isTestCode(mod)) return;
    const atoms = ctx.project.testAtoms(mod.name);
    const tested = ctx.project.testsExercising(mod.name).length > 0;
    const observed = tested && ctx.project.observedOverTime(mod.name);
    const seen = new Set<string>();
    for (const t of mod.timers) {
      // A duration from a variable, an option or config is the caller's to choose, and tests choose it
      // (Oban's tests start each plugin with `interval: 10`); Elixir's stdlib passes `timeout` through most
      // `receive ... after`. A duration fixed here can only be exercised by waiting for it or faking it.
      if (t.ms === undefined || NOT_BEHAVIOUR.has(t.purpose)) continue;
      // A test that sends the timer's message, or asserts that it arrives, exercises what the timer triggers.
      if (t.message && atoms.has(t.message)) continue;
      // Livebook's IO proxy flushes after 50 ms: every `assert_receive` of its output in its tests waits for it.
      if (tested && t.ms <= ASSERT_RECEIVE_DEFAULT_MS) continue;
      // A producer that ticks from `init` and a test that takes ten of its events, one second apart (Quantum's clock).
      if (observed && t.inFunction === 'init/1' && t.kind !== 'callback-timeout') continue;
      // The same timer scheduled from several places (init and its handle_info) is one finding.
      const key = `${t.kind} ${t.message} ${t.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // A periodic timer whose tick hands its work to a module that tests exercise: only the interval is untested.
      const tickTested = t.tickWork?.find((m) => ctx.project.module(m)?.isTestFile === false && ctx.project.testsExercising(m).length > 0);
      const hint = HINTS.has(t.purpose) || tickTested !== undefined;
      const data = {
        call: t.call ?? t.kind,
        fn: t.inFunction,
        action: t.action ?? 'fires',
        message: t.message ?? 'its message',
        value: duration(t.value),
        purpose: tickTested ? `a cadence: what each tick runs, ${tickTested}, is tested` : PURPOSE[t.purpose ?? ''] ?? 'periodic maintenance',
        what: WHAT[t.kind] ?? 'a timeout',
      };
      if (t.kind === 'send-after' || t.kind === 'timer') ctx.report({ messageId: hint ? 'periodic' : 'timer', at: t.span, data, atMost: hint ? 'hint' : undefined });
      else ctx.report({ messageId: 'timeout', at: t.span, data, atMost: hint ? 'hint' : undefined });
    }
  },
});
