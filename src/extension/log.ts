// The "OTP Advisor" log channel, shared with the language client (the server's log goes there too).
// Info level carries events and file paths only: never source text, test output or keys.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('OTP Advisor', { log: true });
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
