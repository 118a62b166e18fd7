// What a `@spec` promises about a function's result: here, whether it returns a process start result.
import type { Term } from '../parse/term';

/**
 * The function a `@spec` describes, and whether its return type is a start result (`GenServer.on_start()`,
 * `Supervisor.on_start()`, `{:ok, pid()}`, alone or in a union). A public function declaring that hands its caller
 * the started process, as `start_link` does, whatever its name (`Flow.into_stages/3`).
 */
export function readSpec(attr: Term): { name: string; returnsStart: boolean } | undefined {
  const spec = attr.t === 'attr' ? attr.value : undefined;
  // `when` binds looser than `::`: `@spec f(x) :: T when x: ...`.
  const typed = spec?.t === 'op' && spec.op === 'when' ? spec.left : spec;
  if (!typed) return undefined;
  if (typed.t !== 'op' || typed.op !== '::' || typed.left.t !== 'call' || typed.left.mod) return undefined;
  return { name: typed.left.name, returnsStart: isStartResult(typed.right) };
}

/**
 * Whether a `@spec`'s text can declare a start result: it names `on_start` or `pid`. Most specs do not, and are then
 * not converted (converting every `@spec` of elixir-lang/elixir cost 70 ms; the other specs only say no).
 */
export function mayReturnStart(specText: string): boolean {
  return MAY_RETURN_START.test(specText);
}
const MAY_RETURN_START = /\bon_start\b|\bpid\b/;

function isStartResult(t: Term): boolean {
  if (t.t === 'op' && t.op === '|') return isStartResult(t.left) || isStartResult(t.right);
  if (t.t === 'call') return t.mod?.t === 'alias' && t.name === 'on_start';
  return t.t === 'tuple' && t.items.length === 2 && t.items[0].t === 'lit' && t.items[0].value === ':ok' && t.items[1].t === 'call' && !t.items[1].mod && t.items[1].name === 'pid';
}
