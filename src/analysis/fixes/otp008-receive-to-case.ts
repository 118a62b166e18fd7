// OTP008's rewrite: `send(self(), msg)` with a `receive` as the very next statement → `case msg do` with the
// receive's clauses. Only when one of the clauses surely matches the message (so the receive could never have
// waited for another one) and the receive has no `after`.
import { isSend } from '../facts/statements';
import { targetOf } from '../facts/process-calls';
import { isLocal } from '../parse/term-queries';
import type { Call, Term } from '../parse/term';
import { originsOf } from '../facts/flow';
import type { FunctionClause } from '../facts/types';
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

/**
 * What is known of the message's shape: the message itself, or for a variable the one term it was bound from
 * (data flow), or the pattern of the parameter it names (`defp confirm({:ok, n} = quote)`).
 */
function shapeOf(msg: Term, fn: FunctionClause): Term {
  if (msg.t !== 'var') return msg;
  const origins = originsOf(msg, fn);
  const only = origins.length === 1 && origins[0].path.length === 0 ? origins[0] : undefined;
  if (!only) return msg;
  if ('term' in only) return only.term;
  const param = fn.params[only.param];
  if (param?.t === 'op' && param.op === '=') {
    if (param.left.t === 'var' && param.left.name === msg.name) return param.right;
    if (param.right.t === 'var' && param.right.name === msg.name) return param.left;
  }
  return msg;
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
    // The next statement is the receive, or starts with it (`receive do ... end |> handle()`, `x = receive ...`).
    const next = at.list[at.index + 1];
    let receive: Term | undefined = next?.t === 'op' && next.op === '=' ? next.right : next;
    while (receive?.t === 'call' && receive.piped) receive = receive.args[0];
    if (!isSend(send) || send.mod || send.span.start !== finding.range.start || send.args.length !== 2 || targetOf(send.args[0]).kind !== 'self') {
      return { skip: 'the message is not sent by a plain send(self(), msg) statement' };
    }
    if (!isReceive(receive) || receive.block?.after || text.slice(receive.span.start, receive.span.start + 7) !== 'receive') return { skip: 'no receive without `after` right after the send' };
    const msg = send.args[1];
    const shape = shapeOf(msg, fn);
    // Some clause must surely match: otherwise the receive could wait for another message where `case` raises.
    const clauses = receive.block!.do!.clauses;
    const sure = clauses.findIndex((c) => !c.guard && c.args.length === 1 && surelyMatches(c.args[0], shape));
    if (sure === -1) return { skip: 'no clause of the receive surely matches the message' };
    const value = moved(text, msg.span, lineIndent(text, receive.span.start));
    const title = 'Match the value directly instead of sending it to self()';
    const keyword = { file: finding.file, start: receive.span.start, end: receive.span.start + 7, newText: `case ${value}` };
    // Only blank space between them: the case takes the send's place (blank lines between go too).
    if (!text.slice(send.span.end, receive.span.start).trim()) return { rule: 'OTP008', title, edits: [{ ...keyword, start: send.span.start }] };
    return { rule: 'OTP008', title, edits: [deleteStatement(finding.file, text, send.span), keyword] };
  },
};
