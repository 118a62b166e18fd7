// What the chat's Apply would change, decided without VS Code: which lines, with what, and when it must refuse.
import { describe, expect, it } from 'vitest';
import { appliedTarget, isApplyTarget, linesOf, planApply, reindent, targetFor, type ApplyChange } from '../../src/extension/chat/apply';

const URI = 'file:///shop/lib/shop/visits.ex';
const VISITS = [
  'defmodule Shop.Visits do',
  '  def count(visits) do',
  '    {:ok, agent} = Agent.start_link(fn -> 0 end)',
  '    Enum.each(visits, fn _ -> Agent.update(agent, &(&1 + 1)) end)',
  '    Agent.get(agent, & &1)',
  '  end',
  'end',
].join('\n');

const change = (text: string, from: number, to: number, code: string, current = text): ApplyChange => {
  const check = planApply(targetFor(URI, 'lib/shop/visits.ex', text, from, to), current, code);
  if ('problem' in check) throw new Error(check.problem);
  return check.change;
};

describe('chat Apply: the change', () => {
  it('replaces exactly the flagged lines, keeping the code block relative indentation under the lines own', () => {
    const c = change(VISITS, 2, 4, 'length(visits)');
    expect(c.proposed.split('\n')).toEqual(['defmodule Shop.Visits do', '  def count(visits) do', '    length(visits)', '  end', 'end']);
    const nested = change(VISITS, 2, 4, 'Enum.reduce(visits, 0, fn _, n ->\n  n + 1\nend)\n\n');
    expect(nested.replacement).toBe('    Enum.reduce(visits, 0, fn _, n ->\n      n + 1\n    end)');
    // Already at the right depth: left as it is.
    expect(change(VISITS, 2, 4, '    length(visits)').replacement).toBe('    length(visits)');
  });

  it("keeps the document's CRLF line ends", () => {
    const crlf = VISITS.replace(/\n/g, '\r\n');
    const c = change(crlf, 2, 4, 'a = 1\nb = a');
    expect(c.proposed).toBe('defmodule Shop.Visits do\r\n  def count(visits) do\r\n    a = 1\r\n    b = a\r\n  end\r\nend');
  });

  it('refuses lines that moved, changed or are gone, and a block that changes nothing', () => {
    const target = targetFor(URI, 'lib/shop/visits.ex', VISITS, 2, 4)!;
    const moved = VISITS.replace('defmodule Shop.Visits do', 'defmodule Shop.Visits do\n  @moduledoc false');
    expect(planApply(target, moved, 'length(visits)')).toEqual({ problem: expect.stringContaining('lines 3–5 changed since the question was asked') });
    expect(planApply(target, 'defmodule Shop.Visits do\nend', 'length(visits)')).toEqual({ problem: expect.stringContaining('changed since') });
    expect(planApply(target, VISITS, linesOf(VISITS, 2, 4)!.replace(/^ {4}/gm, ''))).toEqual({ problem: expect.stringContaining('matches lib/shop/visits.ex lines 3–5 as it stands') });
    expect(targetFor(URI, 'x.ex', VISITS, 5, 9)).toBeUndefined();
  });

  it('after applying, the target is the new code on the lines it takes', () => {
    const c = change(VISITS, 2, 4, 'a = 1\nb = a');
    const after = appliedTarget(c);
    expect(after).toMatchObject({ fromLine: 2, toLine: 3 });
    expect(planApply(after, c.proposed, 'length(visits)')).toMatchObject({ change: { replacement: '    length(visits)' } });
  });

  it('a stored target is checked field by field', () => {
    expect(isApplyTarget(targetFor(URI, 'x.ex', VISITS, 0, 1))).toBe(true);
    for (const bad of [null, {}, { uri: URI, file: 'x', digest: 'd', fromLine: 2, toLine: 1 }, { uri: URI, file: 'x', digest: 'd', fromLine: 0.5, toLine: 1 }]) {
      expect(isApplyTarget(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('reindent leaves blank lines empty', () => {
    expect(reindent('a\n\n  b', '  x')).toBe('  a\n\n    b');
  });
});
