// OTP101: a module whose public functions take a state value and hand it back updated — state threaded
// by its callers, which a process could hold once callers need to share it.
import { MIN_THREADING_FUNCTIONS, threadsThrough } from '../facts/threading';
import { fnLabel, isTestCode, type ModuleFacts } from '../facts/types';
import { modName } from '../parse/term-queries';
import type { ProjectIndex } from '../project-index';
import { defineRule, REFACTOR_TRIGGER } from './define';

const SHOWN = 4;

/**
 * The state already has an owner when a process module of the project calls these functions: Oban's job
 * executor is threaded inside its producer's process, Livebook's K8s pod manifest inside its runtime's.
 * The trigger is for state that callers still carry around themselves.
 */
function ownedByProcess(mod: ModuleFacts, project: ProjectIndex): boolean {
  const threading = new Set(mod.threadingFunctions.map((f) => f.slice(0, f.lastIndexOf('/'))));
  return project.modules.some(
    (m) => m.behaviour !== undefined && m !== mod && m.calls.some(({ call }) => modName(call) === mod.name && threading.has(call.name)),
  );
}

/** Setters of a data API (`put_data/2`, `set_name/2`, `with_timeout/2`): each caller keeps its own copy. */
const SETTER = /^(?:put|set|update|add|delete|remove|drop|merge|with|assign|append|prepend|clear|reset|increment|decrement|mark|change|replace)(?:_|$)/;

/**
 * A data API rather than state in search of an owner: most of the threading functions are setters on the value
 * (Broadway's Message, Quantum's Job), the module is a process's `State` (its functional core, already behind
 * one), or it implements a behaviour: its callbacks are called by whoever plugs it in, typically a process that
 * holds the state and is handed the module as an option (Swarm's distribution strategies, a toy robot's handler).
 * Introducing a process would not help there.
 */
function isDataApi(mod: ModuleFacts): boolean {
  const names = mod.threadingFunctions.map((f) => f.slice(0, f.lastIndexOf('/')));
  return (
    names.filter((n) => SETTER.test(n)).length * 2 >= names.length ||
    /(?:^|\.)\w*State$/.test(mod.name) ||
    mod.attributes.has('behaviour')
  );
}

export default defineRule({
  id: 'OTP101',
  name: 'threaded-state',
  severity: REFACTOR_TRIGGER,
  justifiedBy: [],
  messages: {
    threaded:
      '{module} threads a state through {count} public functions ({functions}): each takes it and returns it updated. ' +
      'If several callers come to need the same state, it could become a process now.',
  },
  explanation: {
    what: `A module with ${MIN_THREADING_FUNCTIONS} or more public functions that take a state value as their first argument and return it updated.`,
    why:
      'Plain functions over a state value are the right start: easy to test, no process. When the callers start ' +
      'passing that value around so that several of them see the same, latest state (a session, a game, a ' +
      'connection pool), the threading is a sign that the state wants an owner. That is the moment to put it ' +
      'behind a GenServer or an Agent, keeping these functions as its pure core. If every caller keeps its own ' +
      'copy, as with a data structure, leave it as it is. Not flagged: a module whose functions are mostly setters ' +
      '(`put_*`, `set_*`, `update_*`...) of a value, a data API each caller keeps a copy of; a `...State` module, ' +
      'the functional core of a process; a module implementing a behaviour (`@behaviour`), whose callbacks the ' +
      'code that plugs it in calls, usually a process holding the state; functions that a process module of ' +
      'the project already calls; and functions no code of the project threads a value through (rebinding it, ' +
      '`game = Game.move(game, m)` then `Game.score(game, 3)`, or reducing over it): returning the first argument ' +
      'updated also describes combinators and converters (`opts |> Opts.merge(x) |> Opts.validate()` builds a value ' +
      'once), and a state is a value carried from one step of the work to the next.',
    source: 'OTP Advisor: TDD guidance (REFACTOR: introduce a process once the tests show shared state)',
    bad: `defmodule Game do
  defstruct score: 0, moves: [], over?: false

  def new, do: %Game{}
  def move(game, move), do: %{game | moves: [move | game.moves]}
  def score(game, points), do: Map.update!(game, :score, &(&1 + points))
  def finish(game), do: %{game | over?: true}
  def reset(game), do: %{game | score: 0, moves: []}
end

defmodule Game.Table do
  def play(game, moves) do
    game = Enum.reduce(moves, game, &Game.move(&2, &1))
    game = Game.score(game, length(moves))
    Game.finish(game)
  end
end`,
    good: `defmodule Game do
  defstruct score: 0, moves: [], over?: false

  def new, do: %Game{}
  def move(game, move), do: %{game | moves: [move | game.moves]}
  def score(game), do: game.score
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod) || mod.threadingFunctions.length < MIN_THREADING_FUNCTIONS) return;
    // Commands must dominate the API. Elixir's Map and MapSet, and Livebook's Notebook, also return updated copies
    // of their value, but from a minority of functions among many that read it: values each caller keeps a copy of.
    const withArgs = new Set(mod.functions.filter((f) => !f.isPrivate && f.arity > 0).map(fnLabel));
    if (mod.threadingFunctions.length * 2 < withArgs.size) return;
    if (ownedByProcess(mod, ctx.project) || isDataApi(mod)) return;
    // "Returns its first argument updated" describes combinators and converters as well as state. The trigger needs
    // code of the project that carries the value from step to step, rebinding it through these functions or
    // reducing over it.
    const names = new Set(mod.threadingFunctions.map((f) => f.slice(0, f.lastIndexOf('/'))));
    if (!ctx.project.modules.some((m) => m !== mod && threadsThrough(m, mod.name, names))) return;
    const fns = mod.threadingFunctions;
    const functions = fns.slice(0, SHOWN).join(', ') + (fns.length > SHOWN ? `, and ${fns.length - SHOWN} more` : '');
    ctx.report({ messageId: 'threaded', at: mod.nameSpan, data: { module: mod.name, count: String(fns.length), functions } });
  },
});
