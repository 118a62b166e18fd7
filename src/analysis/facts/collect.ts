// The list of fact collectors run on every module once its function clauses are converted.
import { collectCallbacks } from './callbacks';
import { collectChildLists } from './children';
import { collectProcessCalls } from './process-calls';
import type { ModuleFacts } from './types';

export function collectModuleFacts(mod: ModuleFacts): void {
  mod.callbacks = collectCallbacks(mod);
  mod.processCalls = collectProcessCalls(mod);
  mod.childLists = collectChildLists(mod);
}
