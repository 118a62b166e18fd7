// The host and the webview drop what does not match the protocol: each message kind, well-formed and not.
import { describe, expect, it } from 'vitest';
import { isHostMessage, isWebviewMessage, MAX_WEBVIEW_TEXT, type ChatState } from '../../src/webview/protocol';

const state: ChatState = {
  header: { phase: 'green', phaseSetting: 'auto', phaseReason: 'no run yet', persona: 'OTP expert' },
  conversation: {
    id: 'c1', title: 'OTP001 in lib/a.ex', created: 1, updated: 2,
    turns: [
      { id: 'u1', role: 'user', text: 'Why?', chips: [{ kind: 'rule', label: 'OTP001' }] },
      { id: 'a1', role: 'assistant', text: 'Because.', status: 'done', usage: { input: 1, output: 2, cacheRead: 3, cacheWrite: 0 } },
    ],
    preview: { message: '## Question', tokens: 3, redactions: 0 },
  },
  history: [{ id: 'c1', title: 'OTP001 in lib/a.ex', updated: 2, turns: 2 }],
};

describe('webview → host messages', () => {
  it('accepts each kind in its shape', () => {
    for (const m of [
      { type: 'ready' }, { type: 'ask', text: 'why?' }, { type: 'send' }, { type: 'cancelPreview' }, { type: 'stop', turnId: 'a1' },
      { type: 'retry', turnId: 'a1' }, { type: 'insert', code: 'x = 1' }, { type: 'apply', id: 'apply-1', code: 'x = 1' }, { type: 'copy', code: '' }, { type: 'openLink', href: 'https://hexdocs.pm' },
      { type: 'newConversation' }, { type: 'openConversation', id: 'c1' }, { type: 'changePhase' }, { type: 'setKey' },
    ]) expect(isWebviewMessage(m), JSON.stringify(m)).toBe(true);
  });

  it('rejects unknown kinds, missing or mistyped fields, blank questions and oversized text', () => {
    for (const m of [
      null, 'ready', [], { type: 'eval', code: 'x' }, { type: 'ask' }, { type: 'ask', text: '   ' }, { type: 'ask', text: 3 },
      { type: 'stop' }, { type: 'insert', code: { toString: 'x' } }, { type: 'insert', code: 'x'.repeat(MAX_WEBVIEW_TEXT + 1) },
      { type: 'openLink', href: 'h'.repeat(3000) }, { type: 'openConversation', id: 7 },
      { type: 'apply', code: 'x' }, { type: 'apply', id: '', code: 'x' }, { type: 'apply', id: 'a'.repeat(65), code: 'x' }, { type: 'apply', id: 'apply-1' },
    ]) expect(isWebviewMessage(m), JSON.stringify(m)?.slice(0, 60)).toBe(false);
  });
});

describe('host → webview messages', () => {
  it('accepts a full state and each live update', () => {
    for (const m of [
      { type: 'state', state }, { type: 'header', header: state.header }, { type: 'turn', turn: state.conversation.turns[1] },
      { type: 'delta', turnId: 'a1', text: 'x' }, { type: 'notice', turnId: 'a1', notice: 'overloaded, retrying…' },
      { type: 'done', turnId: 'a1', status: 'incomplete' }, { type: 'error', turnId: 'a1', message: 'Invalid API key', retryable: false },
      { type: 'preview', preview: null }, { type: 'blocker', blocker: { kind: 'no-key', message: 'Set a key' } },
      { type: 'refused', request: 'send', reason: 'Set a key', needsKey: true }, { type: 'refused', request: 'ask', reason: 'Wait', text: 'why?' },
      { type: 'applyResult', id: 'apply-1', outcome: 'applied', message: 'Applied.' }, { type: 'refused', request: 'apply', reason: 'x' },
    ]) expect(isHostMessage(m), JSON.stringify(m).slice(0, 60)).toBe(true);
  });

  it('rejects a state with a broken turn, an unknown status, or a done that claims to be an error', () => {
    const broken = structuredClone(state);
    (broken.conversation.turns[1] as { status: string }).status = 'exploded';
    expect(isHostMessage({ type: 'state', state: broken })).toBe(false);
    expect(isHostMessage({ type: 'turn', turn: { id: 'u', role: 'system', text: '' } })).toBe(false);
    expect(isHostMessage({ type: 'done', turnId: 'a1', status: 'error' })).toBe(false);
    expect(isHostMessage({ type: 'header', header: { ...state.header, phase: 'blue' } })).toBe(false);
    expect(isHostMessage({ type: 'delta', turnId: 'a1' })).toBe(false);
    expect(isHostMessage({ type: 'refused', request: 'eval', reason: 'x' })).toBe(false);
    expect(isHostMessage({ type: 'refused', request: 'send' })).toBe(false);
    expect(isHostMessage({ type: 'refused', request: 'ask', reason: 'x', text: 3 })).toBe(false);
    expect(isHostMessage({ type: 'applyResult', id: 'apply-1', outcome: 'written', message: 'x' })).toBe(false);
    expect(isHostMessage({ type: 'applyResult', id: 'apply-1', outcome: 'applied' })).toBe(false);
  });
});
