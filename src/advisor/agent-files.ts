// Claude Code agent files (`.claude/agents/*.md`: YAML front matter + a system prompt body) read as personas.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { Persona } from './types';

export interface AgentFileError {
  file: string;
  /** Names the file and the problem, ready to show. */
  message: string;
}

export type AgentFileResult = { ok: true; persona: Persona } | { ok: false; error: AgentFileError };

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
const LOOSE_LINE = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*))?$/;

function fail(file: string, problem: string): AgentFileResult {
  return { ok: false, error: { file, message: `${file}: ${problem}` } };
}

/**
 * Claude Code writes one `key: value` per line and does not quote the value, so a description with
 * "Context: …" or "user: …" inside (its usual <example> blocks) is not valid YAML. When every line has that
 * shape, take each value as written.
 */
function readLoosely(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const m = LOOSE_LINE.exec(line.trimEnd());
    if (!m) return undefined;
    const raw = m[2] ?? '';
    const alone = parseDocument(`v: ${raw}`);
    out[m[1]] = alone.errors.length ? raw : (alone.toJS() as { v: unknown }).v;
  }
  return out;
}

function readFrontMatter(text: string): { data: Record<string, unknown> } | { problem: string } {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const loose = readLoosely(text);
    if (loose) return { data: loose };
    const e = doc.errors[0];
    // The YAML error's position counts from the front matter; +1 for the opening `---`.
    const where = e.linePos ? ` (line ${e.linePos[0].line + 1}, column ${e.linePos[0].col})` : '';
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { problem: `the front matter is not valid YAML${where}: ${what}` };
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return { data: {} };
  if (typeof data !== 'object' || Array.isArray(data)) return { problem: 'the front matter must be a mapping of `key: value` lines' };
  return { data: data as Record<string, unknown> };
}

function optionalString(data: Record<string, unknown>, key: string): string | undefined | { problem: string } {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return { problem: `\`${key}\` must be text` };
  return v.trim() || undefined;
}

export function parseAgentFile(text: string, file: string): AgentFileResult {
  const m = FRONT_MATTER.exec(text);
  if (!m) return fail(file, 'no front matter: the file must start with a `---` line, then `name:` and `description:`, then `---`');
  const fm = readFrontMatter(m[1] ?? '');
  if ('problem' in fm) return fail(file, fm.problem);
  const { data } = fm;

  const name = data.name;
  if (typeof name !== 'string' || !name.trim()) return fail(file, 'the front matter has no `name`');
  const fields: Record<'description' | 'model' | 'color', string | undefined> = { description: undefined, model: undefined, color: undefined };
  for (const key of ['description', 'model', 'color'] as const) {
    const v = optionalString(data, key);
    if (typeof v === 'object') return fail(file, v.problem);
    fields[key] = v;
  }

  let tools: string[] | undefined;
  if (typeof data.tools === 'string') tools = data.tools.split(',').map((t) => t.trim()).filter(Boolean);
  else if (Array.isArray(data.tools) && data.tools.every((t) => typeof t === 'string')) tools = data.tools.map((t: string) => t.trim()).filter(Boolean);
  else if (data.tools !== undefined && data.tools !== null) return fail(file, '`tools` must be a comma-separated list or a list of names');

  const system = text.slice(m[0].length).trim();
  if (!system) return fail(file, 'the body after the front matter is empty: it is the system prompt');

  const persona: Persona = { name: name.trim(), system, source: file };
  // Claude Code descriptions are one line, with literal `\n` escapes where they mean line breaks.
  if (fields.description) persona.description = fields.description.replace(/\\n/g, '\n');
  // `inherit` is Claude Code's "use the session's model": for us, the configured one.
  if (fields.model && fields.model !== 'inherit') persona.model = fields.model;
  if (fields.color) persona.color = fields.color;
  if (tools?.length) persona.tools = tools;
  return { ok: true, persona };
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads `<root>/.claude/agents/*.md` for each root (workspace folders, home). Never throws. */
export async function findAgentFiles(roots: string[]): Promise<{ personas: Persona[]; errors: AgentFileError[] }> {
  const personas: Persona[] = [];
  const errors: AgentFileError[] = [];
  // A workspace opened at the home directory would list the same files twice.
  for (const dir of [...new Set(roots.map((r) => resolve(r, '.claude', 'agents')))]) {
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() || d.isSymbolicLink()).map((d) => d.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') errors.push({ file: dir, message: `${dir}: cannot list agent files: ${reason(e)}` });
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.md')).sort()) {
      const file = join(dir, name);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        errors.push({ file, message: `${file}: cannot read: ${reason(e)}` });
        continue;
      }
      const result = parseAgentFile(text, file);
      if (result.ok) personas.push(result.persona);
      else errors.push(result.error);
    }
  }
  return { personas, errors };
}
