// Test blocks (`test`, `setup`) with the modules they mention and the process behaviour they verify.
// Tests are a third or more of a project's code, so they are read from their text, not converted into
// terms: converting them cost more than parsing them (elixir-lang/elixir: +37 % of all bytes).
import type { Language, TreeCursor } from '../parse/parser';
import type { Child } from '../parse/cursor';
import type { Converter } from '../parse/convert';
import type { Source } from '../parse/source';
import type { Term } from '../parse/term';
import type { TestBlock, TestKind } from './types';

export type TestScope = 'test' | 'setup';

/**
 * Crash or restart evidence: a process killed, stopped by its supervisor, monitored or trapped. Listing or counting
 * a supervisor's children is not (`assert [{Deck, _, :worker, _}] = Supervisor.which_children(sup)` checks the tree's
 * shape, and no child went down), unless the block also stops a process and lists the children to see it back.
 */
const RESTART =
  /\bProcess\.(?:exit|monitor|alive\?)|\b(?:Supervisor|DynamicSupervisor)\.(?:restart_child|terminate_child)\b|:sys\.(?:get_state|replace_state|suspend|resume|get_status)\b|\{:(?:DOWN|EXIT)\b|\bProcess\.flag\(\s*:trap_exit|\bcatch_exit\b|\bcatch\b[\s\S]*?:exit\b/;
const LISTS_CHILDREN = /\b(?:Supervisor|DynamicSupervisor)\.(?:which_children|count_children)\b/;
const STOPS = /\b(?:GenServer|Agent|Task)\.(?:stop|shutdown)\b/;
const MULTINODE = /:peer\.|\bLocalCluster\.|:slave\.|:ct_slave\.|\bNode\.(?:start|connect|spawn)|:rpc\.|:erpc\./;
/** Waiting for time to pass: a sleep, or assert_receive/refute_receive given an explicit timeout. */
const TIMERS = /\b(?:Process|:timer)\.sleep\b|\b(?:assert_receive|refute_receive)\b[^\n]*,\s*(?:\d[\d_]*|@\w+|[a-z_]\w*)\s*\)?\s*$/m;
const STARTS = /\b(?:start_supervised!?|start_link|start_child|spawn(?:_link|_monitor)?|Task\.async)\b/g;
/** Processes started in a loop run side by side. */
const LOOP_STARTS = /\b(?:Enum\.(?:map|each|flat_map)|Stream\.\w+|for)\b[\s\S]{0,160}?\b(?:Task\.async|spawn|start_supervised|start_link|start_child)\b/;
const ALIASES = /\b(?:__MODULE__|[A-Z][A-Za-z0-9_]*)(?:\.[A-Z][A-Za-z0-9_]*)*/g;
/** `test "name"` (the name as written, escapes kept). */
const TEST_NAME = /^test\s*\(?\s*"((?:[^"\\]|\\.)*)"/;
const ATOMS = /(?<![:\w]):[a-z_][A-Za-z0-9_]*[?!]?/g;

/** Drops `#` comments (not `#{` interpolation): a commented-out assertion verifies nothing. */
function withoutComments(text: string): string {
  if (!text.includes('#')) return text;
  return text.replace(/(^|[^\w"'#])#(?!\{)[^\n]*/g, '$1');
}

/** The `test`/`setup` block under the cursor `c`, which is left where it was. */
export function collectTestBlock(c: TreeCursor, at: Child, scope: TestScope, conv: Converter, source: Source, module: string, file: string, language: Language): TestBlock {
  const text = withoutComments(source.text.slice(at.start, at.end));
  const helpers = helpersOf(source.text);
  const block: TestBlock = {
    kind: scope,
    name: scope === 'setup' ? 'setup' : (TEST_NAME.exec(text)?.[1] ?? '(unnamed test)'),
    module,
    file,
    span: source.span(at.start, at.end),
    refs: new Set(),
    verifies: verifiedKinds(text + [...helpers].filter(([name]) => text.includes(`${name}(`)).map(([, body]) => body).join('\n')),
    atoms: new Set(text.match(ATOMS) ?? []),
  };
  // The few blocks that touch ETS are converted, for the rule about ETS tables as test fixtures.
  if (text.includes(':ets.')) {
    const term: Term = conv.termAt(c, at, language);
    block.body = term.t === 'call' && term.block?.do ? term.block.do.body : [term];
  }
  // Tests repeat the same few names: resolve each once.
  for (const written of new Set(text.match(ALIASES))) block.refs.add(written.startsWith('__MODULE__') ? written.replace('__MODULE__', module) : conv.resolve(written));
  return block;
}

/** A definition or a block at the start of a line of a test file. */
const TOP_LEVEL = /^[ \t]*(?:defp?|test|describe|setup(?:_all)?|defmodule)\b[ \t]*([a-z_]\w*[?!]?)?/gm;
/** The helpers of the last two texts read: an edit compares the old version's with the new one's (sameHelpers). */
let read: { text: string; helpers: Map<string, string> }[] = [];

/**
 * The test file's own functions by name, with their text: a block that kills a process through `defp kill(name)`
 * verifies what it would verify with the call written inline. Read from the file's text, once per version of it.
 */
function helpersOf(text: string): Map<string, string> {
  const known = read.find((r) => r.text === text);
  if (known) return known.helpers;
  const helpers = new Map<string, string>();
  const starts = [...text.matchAll(TOP_LEVEL)];
  starts.forEach((m, i) => {
    if (!/^\s*defp?\b/.test(m[0]) || !m[1]) return;
    const body = withoutComments(text.slice(m.index, starts[i + 1]?.index ?? text.length));
    helpers.set(m[1], (helpers.get(m[1]) ?? '') + body);
  });
  read = [{ text, helpers }, ...read.slice(0, 1)];
  return helpers;
}

/**
 * Whether two versions of a test file have the same helpers: a block verifies what the helpers it calls do, so the
 * blocks of a module whose text did not change are taken over only while they are the same.
 */
export function sameHelpers(oldText: string, text: string): boolean {
  const before = helpersOf(oldText);
  const after = helpersOf(text);
  return before.size === after.size && [...before].every(([name, body]) => after.get(name) === body);
}

/**
 * Whether the file's helpers are the same in `text`, an edit of `oldText` that replaced [prefix, oldEnd) by
 * [prefix, newEnd) inside the block starting at `block`: every block that calls a helper verifies what its body
 * does, so an edit that may change one is read with the whole file. They stay when no definition or block starts on
 * the edited lines, before or after (the other lines, and so where each helper starts and ends, stay), and the
 * text the edit falls in belongs to no helper: the last such line before it, from the block's own on, is not a
 * `def`. Then the helpers read from `oldText`, if they were the last read, are taken over: scanning a 7 000-line
 * test file for them again was a sixth of a keystroke.
 */
export function helpersKept(oldText: string, text: string, prefix: number, oldEnd: number, newEnd: number, block: number): boolean {
  const lineStart = (t: string, at: number) => (at === 0 ? 0 : t.lastIndexOf('\n', at - 1) + 1);
  const lineEnd = (t: string, at: number) => (t.indexOf('\n', at) + 1 || t.length + 1) - 1;
  const starts = (t: string) => [...t.matchAll(TOP_LEVEL)];
  const editLine = lineStart(oldText, prefix);
  if (starts(oldText.slice(editLine, lineEnd(oldText, oldEnd))).length || starts(text.slice(editLine, lineEnd(text, newEnd))).length) return false;
  const owner = starts(oldText.slice(lineStart(oldText, block), editLine)).pop();
  if (!owner || (/^\s*defp?\b/.test(owner[0]) && owner[1])) return false;
  const known = read.find((r) => r.text === oldText);
  if (known) read = [{ text, helpers: known.helpers }, known];
  return true;
}

/** Every verification below mentions one of these; most test blocks mention none and are done in one scan. */
const ANY_KIND = /:exit\b|catch_exit|Process\.|Supervisor\.|:sys\.|\{:(?:DOWN|EXIT)\b|:peer\.|LocalCluster\.|:slave\.|:ct_slave\.|Node\.|:rpc\.|:erpc\.|\.sleep\b|_receive\b|Task\.|\bstart|\bspawn/;

/**
 * Starts of processes that then run: a start asserted to fail (`{:error, {:already_started, _}}`, a second
 * `start_link` under a taken name) verifies a name clash, not processes running side by side.
 */
function runningStarts(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (!FAILED_START.test(line)) n += line.match(STARTS)?.length ?? 0;
  return n;
}
const FAILED_START = /:already_started\b|\{:error\b|assert_raise|catch_exit/;

function verifiedKinds(text: string): Set<TestKind> {
  const kinds = new Set<TestKind>();
  if (!ANY_KIND.test(text)) return kinds;
  if (RESTART.test(text) || (LISTS_CHILDREN.test(text) && STOPS.test(text))) kinds.add('restart');
  if (MULTINODE.test(text)) kinds.add('multinode');
  if (TIMERS.test(text)) kinds.add('timers');
  if (/\bTask\.async_stream\b/.test(text) || LOOP_STARTS.test(text) || runningStarts(text) >= 2) kinds.add('concurrency');
  return kinds;
}
