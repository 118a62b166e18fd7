// Functions that change their own process's state (OTP007): the process dictionary (`Process.put`, a tenant
// switch such as `Repo.put_process_state(org_id)`), Logger metadata. A task that runs one of them keeps the
// change out of its caller: that, not concurrency, is why the work runs in another process.
import { isRemote } from '../parse/term-queries';
import type { ModuleFacts } from './types';

export function collectPdictWriters(mod: ModuleFacts): string[] {
  const out = new Set<string>();
  for (const { call, fn } of mod.calls) {
    if (isRemote(call, 'Process', ['put', 'delete']) || isRemote(call, ':erlang', ['put', 'erase']) || isRemote(call, 'Logger', ['metadata'])) out.add(fn.name);
  }
  return [...out];
}
