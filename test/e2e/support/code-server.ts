// One code-server per suite: its own user-data folder with the suite's user settings, the shared
// extensions folder holding the packaged .vsix, a free port, its log kept with the artifacts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { E2eEnv } from './env';
import { pollUntil } from './poll';

export interface CodeServer {
  url: string;
  userDataDir: string;
  /** The workbench URL for a folder. */
  folderUrl(folder: string): string;
  stop(): Promise<void>;
}

/** What every suite wants: no welcome page, no telemetry, bash with shell integration in terminals. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'terminal.integrated.defaultProfile.linux': 'bash',
  'terminal.integrated.shellIntegration.enabled': true,
  'terminal.integrated.showTerminalConfigPrompt': false,
  // The DOM renderer: the terminal's text is then in the page, where the suite reads the prompt.
  'terminal.integrated.gpuAcceleration': 'off',
  'editor.minimap.enabled': false,
  'workbench.tree.enableStickyScroll': false,
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(env: E2eEnv, name: string, settings: Record<string, unknown> = {}): Promise<CodeServer> {
  const userDataDir = join(env.workDir, `${name}-user-data`);
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(env.artifactsDir, `code-server-${name}.log`));
  // Its own process group, so stopping it also stops the extension host and the language server.
  const child: ChildProcess = spawn(
    env.codeServer,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', env.extensionsDir,
      '--config', join(userDataDir, 'config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SHELL: '/bin/bash' } },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  await pollUntil(
    async () => {
      if (gone) throw new Error(`code-server exited early; see ${join(env.artifactsDir, `code-server-${name}.log`)}`);
      return (await fetch(`${url}/healthz`)).status;
    },
    (status) => status === 200,
    { timeout: 60_000, interval: 200, what: `code-server on ${url}` },
  );
  return {
    url,
    userDataDir,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    async stop() {
      if (gone) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5000);
      await exited;
      clearTimeout(killer);
      log.end();
    },
  };
}
