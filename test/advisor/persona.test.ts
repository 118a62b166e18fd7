// The built-in persona carries the phase guidance, the adoption path and its habits, in our own words.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PERSONA, PHASE_GUIDANCE, systemPrompt } from '../../src/advisor/persona';
import type { Persona } from '../../src/advisor/types';

const text = BUILT_IN_PERSONA.system;

describe('built-in persona', () => {
  it('is built in and uses the configured model', () => {
    expect(BUILT_IN_PERSONA.source).toBe('built-in');
    expect(BUILT_IN_PERSONA.model).toBeUndefined();
  });

  it('gives guidance for each TDD phase', () => {
    for (const phase of ['RED', 'GREEN', 'REFACTOR']) expect(text).toContain(`- ${phase} (`);
    for (const line of Object.values(PHASE_GUIDANCE)) expect(text).toContain(line);
    expect(PHASE_GUIDANCE.red).toMatch(/failing test/);
    expect(PHASE_GUIDANCE.green).toMatch(/pure functions/);
    expect(PHASE_GUIDANCE.green).toMatch(/No Supervisor unless a test checks fault tolerance/);
    expect(PHASE_GUIDANCE.green).toMatch(/no timeout that no test checks/);
    expect(PHASE_GUIDANCE.refactor).toMatch(/restarts/);
  });

  it('lists the adoption path in order', () => {
    const steps = ['pure functions', 'module attributes', '`spawn`', 'an Agent', 'a GenServer', 'a Supervisor', 'an Application'];
    const at = steps.map((s) => text.indexOf(`. ${s}`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('names premature OTP and when a process is justified', () => {
    expect(text).toContain('# Premature OTP');
    expect(text).toContain('# When a process earns its place');
    expect(text).toMatch(/a test kills a process and checks that it comes back/);
  });

  it('asks whether a process is needed and answers with short Elixir code', () => {
    expect(text).toContain('do you really need a process here?');
    expect(text).toMatch(/Be brief/);
    expect(text.match(/```elixir/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('systemPrompt', () => {
  it('is the built-in text alone, whatever the phase (the phase goes in the user message)', () => {
    expect(systemPrompt(BUILT_IN_PERSONA)).toBe(text.trim());
    expect(systemPrompt(BUILT_IN_PERSONA)).not.toMatch(/current phase is/i);
  });

  it('tells an agent file persona how our messages are laid out', () => {
    const p: Persona = { name: 'mine', system: 'You help.\n', source: '/home/u/.claude/agents/mine.md' };
    const s = systemPrompt(p);
    expect(s.startsWith('You help.\n\n')).toBe(true);
    expect(s).toMatch(/TDD phase/);
  });
});
