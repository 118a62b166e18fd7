// Runs `mix test` in a project for the "Run tests and detect phase" command, and finds the project
// to run it in. Node only, no `vscode`: the command streams the output to its channel.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** How much of the end of the output is kept: the ExUnit summary is on the last lines. */
const TAIL_CHARS = 64 * 1024;

export type MixTestRun =
  | { status: 'done'; exitCode: number | null; output: string }
  | { status: 'cancelled' }
  | { status: 'not-started'; message: string };

export interface MixTestOptions {
  cwd: string;
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
}

export function runMixTest(opts: MixTestOptions): Promise<MixTestRun> {
  const windows = process.platform === 'win32';
  return new Promise((settle) => {
    if (opts.signal?.aborted) return settle({ status: 'cancelled' });
    let tail = '';
    let cancelled = false;
    // mix runs the Erlang VM as a child on some installs: a process group (POSIX) or /T (Windows) stops both.
    const child = spawn('mix', ['test', ...(opts.args ?? [])], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      shell: windows,
      detached: !windows,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onChunk = (data: Buffer) => {
      const text = data.toString('utf8');
      tail = (tail + text).slice(-TAIL_CHARS);
      opts.onOutput?.(text);
    };
    child.stdout.on('data', onChunk);
    child.stderr.on('data', onChunk);
    const stop = () => {
      cancelled = true;
      if (child.pid === undefined) return;
      try {
        if (windows) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        else process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone: the close event settles the run.
      }
    };
    opts.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', stop);
      settle({
        status: 'not-started',
        message: e.code === 'ENOENT' ? '`mix` was not found on the PATH of VS Code. Install Elixir or start VS Code from a shell where `mix` works.' : e.message,
      });
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', stop);
      settle(cancelled ? { status: 'cancelled' } : { status: 'done', exitCode: code, output: tail });
    });
  });
}

/**
 * The directory to run `mix test` in for a file: the outermost one with a `mix.exs` between the
 * file and the workspace folder, so an umbrella's app runs the umbrella's tests, as `mix test` at
 * the umbrella root would. Undefined when the file is outside the folder or no mix.exs is found.
 */
export function projectRootFor(file: string, folder: string, hasMixExs: (dir: string) => boolean = (d) => existsSync(join(d, 'mix.exs'))): string | undefined {
  const top = resolve(folder);
  let dir = dirname(resolve(file));
  const rel = relative(top, dir);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  let found: string | undefined;
  for (;;) {
    if (hasMixExs(dir)) found = dir;
    if (dir === top) return found;
    dir = dirname(dir);
  }
}

/** The directories not inside another one of the list: each mix project once, an umbrella as a whole. */
export function outermostDirs(dirs: readonly string[]): string[] {
  const sorted = [...new Set(dirs.map((d) => resolve(d)))].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const dir of sorted) if (!kept.some((k) => dir.startsWith(k.endsWith(sep) ? k : k + sep))) kept.push(dir);
  return kept.sort();
}
