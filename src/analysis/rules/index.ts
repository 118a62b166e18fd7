// Every rule, in catalog order. A new rule is added here, with its test file and docs.
import type { Rule } from './define';
import otp001 from './otp001-stateless-genserver';
import otp002 from './otp002-trivial-state-genserver';
import otp003 from './otp003-agent-for-constant-state';
import otp004 from './otp004-premature-supervisor';
import otp005 from './otp005-ets-for-static-data';
import otp006 from './otp006-ets-in-tests';
import otp007 from './otp007-spawn-for-sequential-work';
import otp008 from './otp008-self-message-passing';
import otp009 from './otp009-premature-registry';
import otp010 from './otp010-untested-timeout';
import otp011 from './otp011-distributed-for-local';
import otp012 from './otp012-deep-supervision-tree';
import otp013 from './otp013-agent-as-variable';
import otp014 from './otp014-agent-memo-cache';
import otp015 from './otp015-hand-rolled-server';
import otp016 from './otp016-unused-process';
import otp020 from './otp020-scattered-process-interface';
import otp021 from './otp021-unsupervised-process';
import otp022 from './otp022-sending-unnecessary-data';
import otp023 from './otp023-genserver-self-call';
import otp024 from './otp024-agent-read-modify-write';
import otp101 from './otp101-threaded-state';
import otp102 from './otp102-sequential-io';
import otp103 from './otp103-unmanaged-resource';

export const RULES: readonly Rule[] = [otp001, otp002, otp003, otp004, otp005, otp006, otp007, otp008, otp009, otp010, otp011, otp012, otp013, otp014, otp015, otp016, otp020, otp021, otp022, otp023, otp024, otp101, otp102, otp103];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

/** Upper-cased id and name → rule: the language server looks a rule up twice per finding on every publish. */
const BY_ID = new Map<string, Rule>();
for (const r of [...RULES].reverse()) BY_ID.set(r.name, r).set(r.id.toUpperCase(), r);

/** A rule by its id (any case) or its name. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id.toUpperCase()) ?? BY_ID.get(id);
}
