// What every tool's answer goes through: a failure as a result, a path checked to lie inside the roots,
// files shown as the client passes them back, text capped, the phase's source for the context.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { PhaseSource } from '../advisor/types';
import type { PhaseInfo } from './phase';
import { MAX_TEXT, type AnalysisSource, type ToolResult } from './tool-catalog';
export function fail(text: string): ToolResult {
  return { text, isError: true };
}

class Refusal extends Error {}

/** An absolute real path inside the roots, or a Refusal saying why not. */
export async function resolveInside(source: AnalysisSource, given: string | undefined): Promise<{ abs: string; base: string }> {
  const roots = await source.roots();
  if (!roots.length) throw new Refusal('No root to read: the client gave no roots and there is no working directory.');
  const base = roots[0];
  const wanted = given === undefined ? base : isAbsolute(given) ? resolve(given) : resolve(base, given);
  const real = await source.realPath(wanted);
  if (!real) throw new Refusal(`${given ?? wanted}: no such file or directory.`);
  // Compared after resolving links, so a link inside a root cannot lead outside it.
  const realRoots = (await Promise.all(roots.map((r) => source.realPath(r)))).filter((r): r is string => !!r);
  if (!realRoots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep))) {
    throw new Refusal(`${given ?? wanted} is outside the allowed roots (${roots.join(', ')}). OTP Advisor only reads the folders the client shared (or the folder it was started in).`);
  }
  return { abs: real, base };
}

export async function guarded(run: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Refusal) return fail(e.message);
    return fail(`OTP Advisor failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const posix = (p: string) => p.split(sep).join('/');
/** A project file as the client should pass it back: relative to the base root when inside it. */
export const shown = (base: string, root: string, file: string) => {
  const rel = relative(base, resolve(root, file));
  return rel.startsWith('..') || isAbsolute(rel) ? posix(resolve(root, file)) : posix(rel);
};

export function cap(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const cut = text.lastIndexOf('\n', MAX_TEXT);
  return `${text.slice(0, cut > 0 ? cut : MAX_TEXT)}\n… (truncated: ${text.length - (cut > 0 ? cut : MAX_TEXT)} more characters; ask about a smaller path)`;
}

export function phaseSource(info: PhaseInfo): PhaseSource {
  return info.source === 'config' || (info.source === 'editor' && info.reason.startsWith('manual')) ? { kind: 'manual' } : { kind: 'test-run', summary: info.reason };
}

