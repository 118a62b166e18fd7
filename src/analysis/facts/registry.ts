// Every module fact, registered once: the field it fills, how it is collected, and the text that makes a
// function clause worth converting for it. extract.ts converts only clauses whose text matches some fact's
// `needs` (plus every clause of an OTP module), so the fast pre-filter is derived from this list: a new fact
// cannot silently lose the clauses it reads (test/analysis/facts-registry.test.ts compares it with converting
// every clause).
import { collectCallbacks } from './callbacks';
import { collectChildLists } from './children';
import { collectClosures } from './closures';
import { collectDistribution } from './distribution';
import { collectDynamicStarts } from './dynamic-starts';
import { collectEts } from './ets';
import { collectHandles, collectReceiveLoops } from './handles';
import { collectProcessCalls } from './process-calls';
import { collectPdictWriters } from './process-state';
import { collectRegistrations } from './registrations';
import { collectResources } from './resources';
import { collectSequentialIo } from './sequential-io';
import { collectStarts } from './starts';
import { collectThreadingFunctions } from './threading';
import { collectTimers } from './timers';
import type { ModuleFacts } from './types';
import { collectSelfLoops } from './self-loops';
import { collectLoopSelfFeeds } from './self-feeds';
import { collectSelfMessages, collectSequentialWaits } from './waits';

type FactField = Exclude<keyof ModuleFacts, 'name' | 'file' | 'isTestFile' | 'span' | 'nameSpan' | 'uses' | 'behaviour' | 'behaviourSpan' | 'attributes' | 'aliases' | 'functions' | 'calls' | 'summaries'>;

interface FactSpec<K extends FactField> {
  field: K;
  /** Text in a clause that can hold this fact (regex sources, no flags). Empty: it reads only OTP modules, converted whole. */
  needs: string[];
  /** `sameFile`: the other modules of a script's file, where a spawned function it names is defined. */
  collect(mod: ModuleFacts, sameFile: readonly ModuleFacts[]): ModuleFacts[K];
  /** Also collected for modules of test files (most rules skip test code, so most facts are not read there). */
  inTests?: boolean;
  /** Not collected for a script's top-level code: timers, nodes and resources of a one-off run are not product behaviour. */
  notInScripts?: boolean;
}

function fact<K extends FactField>(field: K, needs: string[], collect: FactSpec<K>['collect'], where: { inTests?: boolean; notInScripts?: boolean } = {}): FactSpec<K> {
  return { field, needs, collect, ...where };
}

// Shared spellings. `(?<![.\w])` keeps `MyApp.GenServer.` or `my_task.` from matching.
const mod = (names: string) => `(?<![.\\w])(?:${names})\\.[a-z_]`;
const PROCESS_API = mod('GenServer|Agent');
const SEND = '\\bsend\\b';
const RECEIVE = '\\breceive\\b';
const SPAWN = '\\bspawn(?:_link|_monitor)?\\b';
const TASK = mod('Task|Task\\.Supervisor');

/** In collection order: later collectors may read earlier facts (OTP021's starts read the sequential waits). */
export const FACTS = [
  // A GenServer defined in a test can still call itself (OTP023).
  fact('callbacks', [], collectCallbacks, { inTests: true }),
  fact('processCalls', [PROCESS_API, SEND], collectProcessCalls),
  fact('childLists', [mod('Supervisor'), '\\bsupervise\\b'], collectChildLists),
  fact('sequentialWaits', [TASK, SPAWN, RECEIVE], collectSequentialWaits),
  fact('selfLoops', [], collectSelfLoops),
  // `reply(`: a started worker that answers a waiting caller, through the module's own helpers too.
  fact('starts', [PROCESS_API, TASK, SPAWN, '\\breply\\('], collectStarts),
  fact('handles', [PROCESS_API, TASK, SPAWN, RECEIVE], collectHandles),
  fact('receiveLoops', [RECEIVE], collectReceiveLoops),
  // After the loops and handles it reads: a loop's own process is also the name its starter registers it under.
  fact('selfMessages', [SEND], (m) => [...collectSelfMessages(m), ...collectLoopSelfFeeds(m)]),
  fact('closures', [TASK, SPAWN, SEND, PROCESS_API], collectClosures),
  // ETS tables made in tests (OTP006).
  fact('ets', [':ets\\.[a-z_]'], (m) => collectEts(m), { inTests: true }),
  fact('registrations', [mod('Registry'), '\\bvia\\b', '\\bregistry\\b', 'Process\\.(?:register|whereis)'], collectRegistrations),
  fact('distribution', [mod('Node'), ':(?:rpc|erpc|global|pg)\\.[a-z_]', '\\{:global\\b'], collectDistribution, { notInScripts: true }),
  // The handlers of a timer's message too (`def handle_info`, `def websocket_info`, cowboy_loop's `def info`), outside OTP modules as well: whether
  // one stops the process, or what it runs each tick (timer-cadence.ts).
  fact('timers', ['Process\\.(?:send_after|cancel_timer)', ':timer\\.(?:send|apply)', ':erlang\\.send_after\\b', 'GenServer\\.call', ':gen_server\\.call', RECEIVE, '\\bdefp?\\s+(?:(?:handle|websocket)_)?info\\b'], collectTimers, { notInScripts: true }),
  fact('dynamicStarts', [mod('DynamicSupervisor')], collectDynamicStarts),
  // Reads the converted last statement of cold clauses (extract.ts: clausesNeedingLast).
  fact('threadingFunctions', [], collectThreadingFunctions),
  // Loops over slow IO: `SLOW_IO` below makes the loops of a module that does such IO hot.
  fact('sequentialIo', [], collectSequentialIo, { notInScripts: true }),
  fact('pdictWriters', ['Process\\.(?:put|delete)\\b', ':erlang\\.(?:put|erase)\\b', 'Logger\\.metadata\\b'], collectPdictWriters),
  fact('resources', [':(?:gen_tcp|gen_udp|ssl)\\.[a-z_]', mod('Port'), '\\bFile\\.open\\b'], collectResources, { notInScripts: true }),
] as const;

/**
 * Calls that rules read from `mod.calls` directly (what a process owns: ownership.ts), and names only closures
 * of watched calls use (`Process.sleep` in a spawned fn is seen because `spawn` made the clause hot).
 */
const ALSO_WATCHED = [
  'Process\\.(?:monitor|demonitor|link|unlink|flag|exit|spawn|alive)',
  // State kept outside a process, which a server may read and write back as a lock (outside-state.ts).
  'Application\\.(?:get_env|fetch_env|get_all_env|put_env|put_all_env|delete_env)\\b',
  ':persistent_term\\.[a-z_]',
  mod('Node'),
  ':httpc\\.[a-z_]',
  // Test support that starts peer nodes (project-index.ts: PEER_STARTERS), `:slave` in older projects.
  ':(?:peer|slave|ct_slave)\\.[a-z_]',
  mod('LocalCluster'),
  // A call to another module's start function (OTP021 asks who starts a process no supervisor starts).
  '\\b[A-Z][\\w.]*\\.start(?:_link)?\\b',
  // A value carried through another module's functions (OTP101's evidence, threading.ts: threadsThrough): rebound
  // through a remote call (`game = Game.move(game, m)`), or the accumulator of a reduce (`&Game.move(&2, &1)`,
  // `fn m, acc -> Game.move(acc, m) end`). Named groups: this list is joined into one regex. The standard
  // library's data modules (`state = Map.put(state, ...)`, everywhere) are left out: they would make most clauses hot.
  '\\b(?<rebound>[a-z_]\\w*)\\s*=\\s*(?!(?:Map|Keyword|Enum|List|String|MapSet|Stream|Tuple|Access|Kernel|Plug\\.Conn)\\.)[A-Z][\\w.]*\\.[a-z_]\\w*[!?]?\\(\\s*\\k<rebound>\\b',
  '&[A-Z][\\w.]*\\.[a-z_]\\w*[!?]?\\(\\s*&2\\b',
  '\\bfn\\s+[^,>]*,\\s*(?<acc>[a-z_]\\w*)\\s*->\\s*[A-Z][\\w.]*\\.[a-z_]\\w*[!?]?\\(\\s*\\k<acc>\\b',
];

/** Names whose presence in a clause makes it worth converting. */
export const WATCHED = new RegExp([...new Set([...FACTS.flatMap((f) => f.needs), ...ALSO_WATCHED])].join('|'), 'g');
/** In a test file only the facts read there matter; process modules defined in tests are converted whole anyway. */
export const TEST_WATCHED = new RegExp([...new Set(FACTS.filter((f) => f.inTests).flatMap((f) => f.needs))].join('|'), 'g');
/** Slow IO that makes a loop over it worth converting (OTP102). */
export const SLOW_IO = /:httpc\.|\bReq\.|\bHTTPoison\.|\bFinch\.|\bTesla\.|\bRepo\./;
export const LOOPS = /\bEnum\.(?:map|each|flat_map)\b|\bfor\b/g;

/** A script's top-level code is collected with the modules its file defines (`spawn(Greeter, :loop, [])` below them). */
export function collectModuleFacts(m: ModuleFacts, script?: { sameFile: readonly ModuleFacts[] }): void {
  for (const f of FACTS) {
    if ((f.inTests || !m.isTestFile) && !(script && f.notInScripts)) (m as unknown as Record<string, unknown>)[f.field] = f.collect(m, script?.sameFile ?? []);
  }
}
