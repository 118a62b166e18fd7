// State a process keeps outside itself: the application environment, `:persistent_term`, an ETS table. A server
// whose callback reads such a store and writes it back (through its own helpers or the project's) is a lock: the
// process holds nothing, yet removing it lets two callers' read-modify-writes interleave and lose one update.
import { calledModule, type Reached } from './reach';
import type { ModuleFacts, ModuleLookup } from './types';

interface Store {
  /** How a message names the store. */
  label: string;
  reads: readonly string[];
  writes: readonly string[];
}

const STORES: Record<string, Store> = {
  Application: { label: 'the application environment', reads: ['get_env', 'fetch_env', 'fetch_env!', 'get_all_env'], writes: ['put_env', 'put_all_env', 'delete_env'] },
  ':persistent_term': { label: '`:persistent_term`', reads: ['get'], writes: ['put', 'erase'] },
  ':ets': {
    label: 'an ETS table',
    reads: ['lookup', 'lookup_element', 'member', 'match', 'match_object', 'select', 'tab2list', 'first', 'next'],
    writes: ['insert', 'insert_new', 'delete', 'delete_object', 'update_counter', 'update_element', 'match_delete', 'select_delete'],
  },
};

/**
 * The store that the calls one callback reaches (reach.ts) both read and write; or, when a function of
 * another module it calls is not read call by call (a clause with no watched name, `subscribe` calling `load_state`
 * and `save_state`), the store that module reads and writes: a service module keeping its state there.
 */
export function readModifyWrite(reached: Reached[], mod: ModuleFacts, project: ModuleLookup, viaModules: boolean): { store: string; write: string } | undefined {
  if (!viaModules) return bothWays(reached);
  const services = new Set(reached.map((r) => r.module).filter((m): m is string => !!m && m !== mod.name));
  for (const name of services) {
    const other = project.module(name);
    const found = other && !other.isTestFile ? bothWays(other.calls.map(({ call }) => ({ call, module: calledModule(call, other) }))) : undefined;
    if (found) return { ...found, write: `${found.write} in ${name}` };
  }
  return undefined;
}

function bothWays(calls: Reached[]): { store: string; write: string } | undefined {
  const read = new Set<string>();
  const written = new Map<string, string>();
  for (const { call, module } of calls) {
    const store = module ? STORES[module] : undefined;
    if (store?.reads.includes(call.name)) read.add(module!);
    else if (store?.writes.includes(call.name) && !written.has(module!)) written.set(module!, `${module}.${call.name}`);
  }
  for (const [m, write] of written) if (read.has(m)) return { store: STORES[m].label, write };
  return undefined;
}
