// The list of fact collectors run on every module once its function clauses are converted.
import { collectCallbacks } from './callbacks';
import { collectChildLists } from './children';
import { collectClosures } from './closures';
import { collectDistribution } from './distribution';
import { collectDynamicStarts } from './dynamic-starts';
import { collectEts } from './ets';
import { collectProcessCalls } from './process-calls';
import { collectRegistrations } from './registrations';
import { collectResources } from './resources';
import { collectSequentialIo } from './sequential-io';
import { collectStarts } from './starts';
import { collectThreadingFunctions } from './threading';
import { collectTimers } from './timers';
import type { ModuleFacts } from './types';
import { collectSelfMessages, collectSequentialWaits } from './waits';

export function collectModuleFacts(mod: ModuleFacts): void {
  mod.callbacks = collectCallbacks(mod);
  mod.processCalls = collectProcessCalls(mod);
  mod.childLists = collectChildLists(mod);
  mod.sequentialWaits = collectSequentialWaits(mod);
  mod.selfMessages = collectSelfMessages(mod);
  mod.starts = collectStarts(mod);
  mod.closures = collectClosures(mod);
  mod.ets = collectEts(mod);
  mod.registrations = collectRegistrations(mod);
  mod.distribution = collectDistribution(mod);
  mod.timers = collectTimers(mod);
  mod.dynamicStarts = collectDynamicStarts(mod);
  mod.threadingFunctions = collectThreadingFunctions(mod);
  mod.sequentialIo = collectSequentialIo(mod);
  mod.resources = collectResources(mod);
}
