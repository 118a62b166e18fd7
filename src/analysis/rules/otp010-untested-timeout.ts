// OTP010: a timer or a timeout whose duration is fixed in the source and that no test exercises.
import { isTestCode, type Timer } from '../facts/types';
import { defineRule, PREMATURE } from './define';

const WHAT: Partial<Record<Timer['kind'], string>> = {
  'callback-timeout': 'an idle timeout in a GenServer return',
  'call-timeout': 'a call timeout',
  'receive-after': 'a `receive ... after` timeout',
};

/** ExUnit's default wait in `assert_receive`: a shorter timer fires while any such assertion waits. */
const ASSERT_RECEIVE_DEFAULT_MS = 100;

function duration(value: string): string {
  return /^[\d_]+$/.test(value) ? `${value} ms` : `\`${value}\``;
}

export default defineRule({
  id: 'OTP010',
  name: 'untested-timeout',
  severity: PREMATURE,
  justifiedBy: ['timers'],
  messages: {
    timer: 'This timer fires {message} after {value}, and no test waits for it or triggers it.',
    timeout: 'This module fixes {what} of {value}, and no test exercises it.',
  },
  explanation: {
    what:
      'A timer (`Process.send_after`, `:timer.send_after/send_interval/apply_after/apply_interval`, `:erlang.send_after`) ' +
      'or a timeout (a GenServer return with a timeout, `receive ... after N`, a `GenServer.call` timeout other than ' +
      'the default 5 s) whose duration is fixed in the source, and that no test exercises.',
    why:
      'Timing is behaviour: a periodic message, an idle timeout, a limit on how long to wait. Code written to pass ' +
      'a test seldom needs one, and an untested one is the part most likely to misbehave in production (a sweep ' +
      'that never runs, a timeout too short under load). Leave it out until a test asks for it; then exercise it: ' +
      'send the timer\'s message from the test, wait with `assert_receive`/`refute_receive` and a timeout, or read ' +
      'the duration from an option the test sets short. Not flagged: durations taken from an argument, an option ' +
      'or config (the caller, and its tests, choose them), `after 0` (a mailbox poll), `:infinity`, the default ' +
      '5 s call timeout, and a timer of 100 ms or less in a tested module (a plain `assert_receive` waits that long).',
    source: 'OTP Advisor: TDD guidance (GREEN: no timer or timeout that no test asks for)',
    bad: `defmodule Shop.Cleaner do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)

  @impl true
  def init(carts) do
    Process.send_after(self(), :sweep, 60_000)
    {:ok, carts}
  end

  @impl true
  def handle_info(:sweep, carts) do
    Process.send_after(self(), :sweep, 60_000)
    {:noreply, Enum.reject(carts, & &1.expired?)}
  end
end`,
    good: `defmodule Shop.Cleaner do
  def sweep(carts), do: Enum.reject(carts, & &1.expired?)
end`,
  },
  check(mod, ctx) {
    if (!mod.timers.length || isTestCode(mod)) return;
    const atoms = ctx.project.testAtoms(mod.name);
    const tested = ctx.project.testsExercising(mod.name).length > 0;
    const seen = new Set<string>();
    for (const t of mod.timers) {
      // A duration from a variable, an option or config is the caller's to choose, and tests choose it
      // (Oban's tests start each plugin with `interval: 10`); Elixir's stdlib passes `timeout` through most
      // `receive ... after`. A duration fixed here can only be exercised by waiting for it or faking it.
      if (t.ms === undefined) continue;
      // A test that sends the timer's message, or asserts that it arrives, exercises what the timer triggers.
      if (t.message && atoms.has(t.message)) continue;
      // Livebook's IO proxy flushes after 50 ms: every `assert_receive` of its output in its tests waits for it.
      if (tested && t.ms <= ASSERT_RECEIVE_DEFAULT_MS) continue;
      // The same timer scheduled from several places (init and its handle_info) is one finding.
      const key = `${t.kind} ${t.message} ${t.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (t.kind === 'send-after' || t.kind === 'timer') {
        ctx.report({ messageId: 'timer', at: t.r, data: { message: t.message ?? 'its message', value: duration(t.value) } });
      } else ctx.report({ messageId: 'timeout', at: t.r, data: { what: WHAT[t.kind] ?? 'a timeout', value: duration(t.value) } });
    }
  },
});
