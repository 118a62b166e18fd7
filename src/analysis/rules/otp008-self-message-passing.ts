// OTP008: a function that sends a message to its own process and then receives it: a detour through the mailbox.
import { castsToItself } from '../facts/own-process';
import { isTestCode } from '../facts/types';
import { defineRule, PREMATURE } from './define';


export default defineRule({
  id: 'OTP008',
  name: 'self-message-passing',
  severity: PREMATURE,
  justifiedBy: [],
  messages: {
    selfMessage: '{fn} sends this message to its own process and receives it further on: pass the value directly instead.',
    nextTurn: '{fn} sends {message} to its own process and loops to handle it on its next turn: run the code of the {message} branch here (a function both branches call) instead of a detour through the mailbox.',
    castNext: '{fn} casts {message} to its own process for another handle_cast clause to run later: call the code of that clause here (a private function both clauses call) instead of a detour through the mailbox.',
    castNextVia: '{fn} calls {via}, which casts {message} to this same process for another handle_cast clause to run later: call the code of that clause here (a private function both clauses call) instead of a detour through the mailbox.',
    busyLoop: '{fn} handles {message} by sending {message} to its own process again at once, whatever happens: the process loops without pause. Schedule the next turn with Process.send_after and an interval, or loop over the work in a function.',
  },
  explanation: {
    what: 'A function that calls `send(self(), msg)` and later, in the same process, takes it back with `receive`; a receive loop that sends itself a message its next turn handles; or a GenServer whose `handle_info(msg)` always sends itself `msg` again at once, or whose callback casts itself a message another `handle_cast` clause handles.',
    why:
      'A message a process sends itself and receives in the same function is a value handed from one line to ' +
      'the next through the mailbox: a variable or a function call does the same without copying it, without ' +
      'a `receive` that can pick up an unrelated message or wait forever when a branch forgets to send, and ' +
      'without hiding the data flow. Bind the value, or call the function that handles it. Sending yourself a ' +
      'message is right when something else receives it later, such as a GenServer\'s `handle_info/2` — unless ' +
      'that `handle_info` always sends the same message again at once: then the process does nothing but spin ' +
      'through its mailbox. Poll with `Process.send_after/3` and an interval, or send again only while work remains. ' +
      'A hand-written receive loop whose branch sends its own process (`self()`, or the name it is registered ' +
      'under) a message another branch handles, then loops, runs that branch through the mailbox: call its code ' +
      'instead. So does a GenServer callback (`handle_cast`, `handle_info`, `handle_continue`) that casts its own process, ' +
      'through the name its clients use (`__MODULE__`, the name its start function registers), a message another of its ' +
      '`handle_cast` clauses handles, directly or through one of its client functions: the callback acts as its own ' +
      'client, and the next step waits behind the mailbox for no gain. `GenServer.cast(self(), msg)` is left alone: it ' +
      'is the deliberate way to let other messages in before the next step (a worker dispatching, a reconnect ping). ' +
      'It does not apply to a message the loop does not handle itself, nor to sends to other processes.',
    source: 'OTP Advisor: TDD guidance (plain functions first)',
    bad: `defmodule Cart.Totals do
  def total(lines) do
    send(self(), {:subtotal, Enum.sum(lines)})

    receive do
      {:subtotal, amount} when amount > 10_000 -> amount - div(amount, 20)
      {:subtotal, amount} -> amount
    end
  end
end`,
    good: `defmodule Cart.Totals do
  def total(lines), do: lines |> Enum.sum() |> discount()

  defp discount(amount) when amount > 10_000, do: amount - div(amount, 20)
  defp discount(amount), do: amount
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    for (const m of mod.selfMessages) {
      if (m.nextTurn) ctx.report({ messageId: 'nextTurn', at: m.span, data: { fn: m.inFunction, message: m.nextTurn } });
      else ctx.report({ messageId: 'selfMessage', at: m.span, data: { fn: m.inFunction } });
    }
    for (const c of castsToItself(mod)) {
      const data = { fn: c.inFunction, message: c.message, via: c.via ?? '' };
      ctx.report({ messageId: c.via ? 'castNextVia' : 'castNext', at: c.span, data });
    }
    for (const l of mod.selfLoops) ctx.report({ messageId: 'busyLoop', at: l.span, data: { fn: l.inFunction, message: l.message } });
  },
});
