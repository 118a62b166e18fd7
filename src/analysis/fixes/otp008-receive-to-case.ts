// OTP008's rewrite: `send(self(), msg)` with a `receive` as the very next statement → `case msg do` with the
// receive's clauses. Only when one of the clauses surely matches the message (so the receive could never have
// waited for another one) and the receive has no `after`.
import { isSend } from '../facts/statements';
import { targetOf } from '../facts/process-calls';
import { isLocal } from '../parse/terms';
import type { Call, Term } from '../parse/term';
import { clauseAt, statementAt } from './locate';
import { deleteStatement, lineIndent, moved } from './text';
import type { Rewrite } from './types';

/** `pattern` matches `value` whatever the values of its variables: same shape, equal literals, free variables. */
function surelyMatches(pattern: Term, value: Term): boolean {
  switch (pattern.t) {
    case 'var':
      return true;
    case 'lit':
      return value.t === 'lit' && !pattern.dynamic && !value.dynamic && pattern.kind === value.kind && pattern.value === value.value;
    case 'tuple':
    case 'list':
      return value.t === pattern.t && value.items.length === pattern.items.length && pattern.items.every((p, i) => surelyMatches(p, value.items[i]));
    default:
      return false;
  }
}

function isReceive(t: Term | undefined): t is Call {
  return !!t && isLocal(t, ['receive']) && !!t.block?.do;
}

export const receiveToCase: Rewrite = {
  rule: 'OTP008',
  fix(finding, { mod, text: textOf }) {
    const text = textOf(finding.file);
    const fn = clauseAt(mod, finding.range);
    const at = fn && statementAt(fn, finding.range);
    if (!text || !fn || !at) return { skip: 'the flagged code was not found' };
    const send = at.list[at.index];
    const receive = at.list[at.index + 1];
    if (!isSend(send) || send.mod || send.r.start !== finding.range.start || send.args.length !== 2 || targetOf(send.args[0]).kind !== 'self') {
      return { skip: 'the message is not sent by a plain send(self(), msg) statement' };
    }
    if (!isReceive(receive) || receive.block?.after || text.slice(receive.r.start, receive.r.start + 7) !== 'receive') return { skip: 'no receive without `after` right after the send' };
    const msg = send.args[1];
    // Some clause must surely match: otherwise the receive could wait for another message where `case` raises.
    const clauses = receive.block!.do!.clauses;
    const sure = clauses.findIndex((c) => !c.guard && c.args.length === 1 && surelyMatches(c.args[0], msg));
    if (sure === -1) return { skip: 'no clause of the receive surely matches the message' };
    const value = moved(text, msg.r, lineIndent(text, receive.r.start));
    const title = 'Match the value directly instead of sending it to self()';
    const keyword = { file: finding.file, start: receive.r.start, end: receive.r.start + 7, newText: `case ${value}` };
    // Only blank space between them: the case takes the send's place (blank lines between go too).
    if (!text.slice(send.r.end, receive.r.start).trim()) return { rule: 'OTP008', title, edits: [{ ...keyword, start: send.r.start }] };
    return { rule: 'OTP008', title, edits: [deleteStatement(finding.file, text, send.r), keyword] };
  },
};
