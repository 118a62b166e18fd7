// `# otp-advisor:disable-next-line` and `# otp-advisor:disable-file` comments, through the engine.
import { describe, expect, it } from 'vitest';
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
