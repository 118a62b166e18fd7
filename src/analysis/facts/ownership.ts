// What a process can own that plain functions cannot: the reason a state-less process may still be right.
import type { Call } from '../parse/term';
import { modName } from '../parse/term-queries';
import { reachedCalls } from './reach';
import type { ModuleFacts, ModuleLookup } from './types';

const OWNING: Record<string, readonly string[] | undefined> = {
  Process: ['monitor', 'link', 'flag', 'send_after', 'register'],
  ':ets': ['new'],
  ':dets': undefined,
  Port: ['open'],
  ':gen_tcp': undefined,
  ':gen_udp': undefined,
  ':ssl': undefined,
  File: ['open'],
  ':timer': ['send_after', 'send_interval', 'apply_after', 'apply_interval', 'exit_after', 'kill_after'],
  Registry: ['register'],
  ':pg': ['join'],
  // A ranch connection handler takes over the accepted socket: the process owns it.
  ':ranch': ['accept_ack', 'handshake'],
};

/** The resource a call makes the calling process own (`:ets.new`), or the monitor, link or timer it sets up. */
function owned(call: Call, m: string | undefined): string | undefined {
  if (m && m in OWNING && (!OWNING[m] || OWNING[m]!.includes(call.name))) return `${m}.${call.name}`;
  if (m === 'Phoenix.PubSub' && call.name === 'subscribe') return `${m}.${call.name}`;
  if (!m && (call.name === 'spawn_link' || call.name === 'spawn_monitor')) return call.name;
  return undefined;
}

/**
 * The first call through which the module's process owns a resource, monitors, links or runs a timer, leaving out
 * the calls `except` says own nothing worth a process (a timer whose tick does nothing, idle-ticks.ts).
 */
export function owningCall(mod: ModuleFacts, except?: (call: Call) => boolean): string | undefined {
  for (const { call } of mod.calls) {
    if (except?.(call)) continue;
    const found = owned(call, modName(call));
    if (found) return found;
  }
  return undefined;
}

/**
 * The same, for calls the process's callbacks make through the project's functions: a server that hands each
 * request to a service module which runs `:ets.new` owns the table that module creates, since the table belongs to
 * the process that called `:ets.new`.
 */
export function owningCallReached(mod: ModuleFacts, project: ModuleLookup): string | undefined {
  for (const cb of mod.callbacks) {
    for (const { call, module } of reachedCalls(cb.clause.body ?? [], mod, project)) {
      const found = owned(call, module);
      if (found) return found;
    }
  }
  return undefined;
}
