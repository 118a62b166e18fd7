// A throwaway mix project on disk for the language-server tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const MIX_EXS = 'defmodule Shop.MixProject do\n  use Mix.Project\n  def project, do: [app: :shop, version: "0.1.0"]\nend\n';

/** A GenServer that never reads its state: OTP001 on `use GenServer`, line 1 (0-based). */
export const STATELESS_CALC = `defmodule Shop.Calc do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})

  def init(state), do: {:ok, state}
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
end
`;

export function projectDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'otp-lsp-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
