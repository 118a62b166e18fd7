// What a process can own that plain functions cannot: the reason a state-less process may still be right.
import type { Call } from '../parse/term';
import { modName } from '../parse/term-queries';
import type { ModuleFacts } from './types';

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

/**
 * The first call through which the module's process owns a resource, monitors, links or runs a timer, leaving out
 * the calls `except` says own nothing worth a process (a timer whose tick does nothing, idle-ticks.ts).
 */
export function owningCall(mod: ModuleFacts, except?: (call: Call) => boolean): string | undefined {
  for (const { call } of mod.calls) {
    if (except?.(call)) continue;
    const m = modName(call);
    if (m && m in OWNING && (!OWNING[m] || OWNING[m]!.includes(call.name))) return `${m}.${call.name}`;
    if (m === 'Phoenix.PubSub' && call.name === 'subscribe') return `${m}.${call.name}`;
    if (!m && (call.name === 'spawn_link' || call.name === 'spawn_monitor')) return call.name;
  }
  return undefined;
}
