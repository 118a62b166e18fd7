// `# otp-advisor:disable-next-line` and `# otp-advisor:disable-file` comments, through the engine.
import { describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { loadParser } from '../../src/analysis/parse/parser';
import { applyChanges, type ContentChange } from '../../src/server/edits';
import { analyzeFiles } from '../helpers/rule-tester';

/** A GenServer that is stateless (OTP001 on `use GenServer`, line 3) and calls itself (OTP023 on `total()`, line 16). */
function cart(header = '', beforeUse = '', beforeSelfCall = ''): string {
  return `${header}defmodule Cart do
${beforeUse}  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def total, do: GenServer.call(__MODULE__, :total)
  def checkout, do: GenServer.call(__MODULE__, :checkout)

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_call(:total, _from, items), do: {:reply, 0, items}

  def handle_call(:checkout, _from, items) do
${beforeSelfCall}    {:reply, total(), items}
  end
end
`;
}

async function found(files: Record<string, string>): Promise<string[]> {
  const { findings } = await analyzeFiles(files, 'green');
  return findings.filter((f) => f.rule === 'OTP001' || f.rule === 'OTP023').map((f) => `${f.file}:${f.range.line + 1} ${f.rule}`);
}

const code = async (text: string) => found({ 'lib/cart.ex': text });

describe('suppression comments', () => {
  it('reports both findings without a directive', async () => {
    // Shifted by one line per directive in the cases below.
    expect(await code(cart())).toEqual(['lib/cart.ex:2 OTP001', 'lib/cart.ex:15 OTP023']);
  });

  it('disable-next-line with one id silences that rule on the next line only', async () => {
    expect(await code(cart('', '  # otp-advisor:disable-next-line OTP001\n'))).toEqual(['lib/cart.ex:16 OTP023']);
    expect(await code(cart('', '', '    # otp-advisor:disable-next-line OTP023\n'))).toEqual(['lib/cart.ex:2 OTP001']);
  });

  it('leaves other rules alone', async () => {
    expect(await code(cart('', '  # otp-advisor:disable-next-line OTP004\n'))).toEqual(['lib/cart.ex:3 OTP001', 'lib/cart.ex:16 OTP023']);
  });

  it('takes several ids, separated by commas or spaces, in any case', async () => {
    for (const ids of ['OTP004, OTP001', 'OTP004,OTP001', 'OTP004 OTP001', 'otp001']) {
      expect(await code(cart('', `  # otp-advisor:disable-next-line ${ids}\n`)), ids).toEqual(['lib/cart.ex:16 OTP023']);
    }
  });

  it('silences every rule when no id is given, and ignores text that is not an id', async () => {
    expect(await code(cart('', '  # otp-advisor:disable-next-line\n'))).toEqual(['lib/cart.ex:16 OTP023']);
    expect(await code(cart('', '', '    # otp-advisor:disable-next-line -- reviewed, kept on purpose\n'))).toEqual(['lib/cart.ex:2 OTP001']);
  });

  it('applies stacked directives to the first line after them', async () => {
    const stacked = '  # otp-advisor:disable-next-line OTP004\n  # otp-advisor:disable-next-line OTP001\n';
    expect(await code(cart('', stacked))).toEqual(['lib/cart.ex:17 OTP023']);
  });

  it('does not reach past a blank or other line', async () => {
    expect(await code(cart('', '  # otp-advisor:disable-next-line OTP001\n\n'))).toEqual(['lib/cart.ex:4 OTP001', 'lib/cart.ex:17 OTP023']);
    expect(await code(cart('', '  # otp-advisor:disable-next-line OTP001\n  @moduledoc false\n'))).toEqual(['lib/cart.ex:4 OTP001', 'lib/cart.ex:17 OTP023']);
  });

  it('disable-file silences a rule anywhere in the file, wherever the comment is', async () => {
    expect(await code(cart('# otp-advisor:disable-file OTP023\n'))).toEqual(['lib/cart.ex:3 OTP001']);
    expect(await code(cart() + '# otp-advisor:disable-file OTP001\n')).toEqual(['lib/cart.ex:15 OTP023']);
    expect(await code(cart('# otp-advisor:disable-file OTP010\n'))).toEqual(['lib/cart.ex:3 OTP001', 'lib/cart.ex:16 OTP023']);
    expect(await code(cart('# otp-advisor:disable-file OTP001, OTP023\n'))).toEqual([]);
    expect(await code(cart('# otp-advisor:disable-file\n'))).toEqual([]);
  });

  it('only affects its own file', async () => {
    const other = cart().replace('defmodule Cart', 'defmodule Basket');
    expect(await found({ 'lib/cart.ex': cart('# otp-advisor:disable-file\n'), 'lib/basket.ex': other })).toEqual(['lib/basket.ex:2 OTP001', 'lib/basket.ex:15 OTP023']);
  });

  it('works with CRLF line endings', async () => {
    const crlf = cart('', '  # otp-advisor:disable-next-line OTP001\n').replace(/\n/g, '\r\n');
    expect(await code(crlf)).toEqual(['lib/cart.ex:16 OTP023']);
  });
});

describe('suppression comments typed in an editor', () => {
  // An edit that writes no `otp-advisor:` into a file that named none keeps the file's (empty) suppressions without
  // scanning it (suppress.ts: editedSuppressions): typed one character at a time, each version must be silenced as
  // reading it afresh silences it, the directive's last character and its deletion included.
  it('silences and unsilences as a fresh read does, keystroke by keystroke', async () => {
    const parser = await loadParser();
    const directive = '    # otp-advisor:disable-next-line OTP023\n';
    const line = cart().split('\n').findIndex((l) => l.includes('{:reply, total()'));
    const live = new Project(parser);
    let text = cart();
    let tree = live.setFile('lib/cart.ex', text);
    const keys: ContentChange[] = [
      ...[...directive].map((ch, i) => ({ range: { start: { line, character: i }, end: { line, character: i } }, text: ch })),
      // Then the `:` after the name deleted and typed again, and the whole line deleted backwards.
      { range: { start: { line, character: 17 }, end: { line, character: 18 } }, text: '' },
      { range: { start: { line, character: 17 }, end: { line, character: 17 } }, text: ':' },
      { range: { start: { line, character: directive.length - 1 }, end: { line: line + 1, character: 0 } }, text: '' },
      ...[...directive.trimEnd()].map((_, i) => ({ range: { start: { line, character: directive.length - 2 - i }, end: { line, character: directive.length - 1 - i } }, text: '' })),
    ];
    const silenced: boolean[] = [];
    for (const key of keys) {
      const next = applyChanges(text, [key], tree);
      if ('rejected' in next) throw new Error(next.rejected);
      text = next.text;
      const newTree = live.setFile('lib/cart.ex', text, next.treeValid ? tree : undefined, true, next.range);
      tree?.delete();
      tree = newTree;
      const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule).sort().join(' ');
      const fresh = new Project(parser);
      fresh.addFile('lib/cart.ex', text);
      const now = rules(live.analyze('green').findings);
      expect(now, JSON.stringify(key)).toBe(rules(fresh.analyze('green').findings));
      silenced.push(!now.includes('OTP023'));
    }
    tree?.delete();
    // Silenced from the directive's last name character on, until the `:` goes, then again until the name is cut.
    expect(silenced.filter(Boolean).length).toBeGreaterThan(20);
    expect(silenced[silenced.length - 1]).toBe(false);
    expect(text).toBe(cart());
  });
});
