// `DynamicSupervisor.start_child(sup, spec)` calls with the supervisor they aim at (OTP012).
import { modName } from '../parse/term-queries';
import { targetOf } from './process-calls';
import { fnLabel, type ModuleFacts } from './types';

export function collectDynamicStarts(mod: ModuleFacts): ModuleFacts['dynamicStarts'] {
  const out: ModuleFacts['dynamicStarts'] = [];
  for (const { call, fn } of mod.calls) {
    if (modName(call) !== 'DynamicSupervisor' || call.name !== 'start_child' || call.args.length !== 2) continue;
    out.push({ supervisor: targetOf(call.args[0]), spec: call.args[1], inFunction: fnLabel(fn), span: call.span });
  }
  return out;
}
