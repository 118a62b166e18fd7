// Runs the built CLI (dist/cli.js, built by test/global-setup.ts) as a process, and writes small
// mix projects into temporary folders for it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
export const CLI = join(REPO, 'dist/cli.js');
export const FIXTURES = join(REPO, 'test/fixtures/projects');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = REPO, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    // The tests see what a CI job sees: no TTY, no colour forced either way.
    env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '', ...env },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const MIX_EXS = `defmodule Demo.MixProject do
  use Mix.Project

  def project, do: [app: :demo, version: "0.1.0", deps: []]
end
`;

/** A temporary project holding `files` (path → text; mix.exs added unless given or `null`). */
export function tempProject(files: Record<string, string | null>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'otp-advisor-test-'));
  const all = { 'mix.exs': MIX_EXS, ...files };
  for (const [path, text] of Object.entries(all)) {
    if (text === null) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The stateless GenServer of OTP001's explanation, as `Demo.<name>`. */
export function statelessGenServer(name = 'Calculator'): string {
  return `defmodule Demo.${name} do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
end
`;
}
