// Claude Code agent files: the usual unquoted format, strict YAML, every broken case, and the directory scan.
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAgentFiles, parseAgentFile, type AgentFileResult } from '../../src/advisor/agent-files';
import type { Persona } from '../../src/advisor/types';

const FIXTURES = join(__dirname, '../fixtures/agents');

function parseFixture(name: string): AgentFileResult {
  const file = join(FIXTURES, name);
  return parseAgentFile(readFileSync(file, 'utf8'), file);
}

function ok(r: AgentFileResult): Persona {
  if (!r.ok) throw new Error(r.error.message);
  return r.persona;
}

function problem(r: AgentFileResult): string {
  if (r.ok) throw new Error(`expected an error, got persona ${r.persona.name}`);
  return r.error.message;
}

describe('parseAgentFile', () => {
  it('reads the Claude Code format: unquoted description with \\n escapes and <example> blocks, model inherit', () => {
    const p = ok(parseFixture('beam-mentor.md'));
    expect(p.name).toBe('beam-mentor');
    expect(p.source).toBe(join(FIXTURES, 'beam-mentor.md'));
    // inherit = the configured model
    expect(p.model).toBeUndefined();
    expect(p.color).toBe('purple');
    expect(p.description).toMatch(/^Call on this agent for questions about processes on the BEAM: whether/);
    expect(p.description).toContain('\n<example>\nContext: The developer wants a place to keep shopping carts\nuser: "Where');
    expect(p.system.startsWith('You mentor Elixir developers')).toBe(true);
    expect(p.system).toMatch(/until a test shows the process is needed\.$/);
  });

  it('reads strict YAML: a quoted description, an explicit model and a tools list', () => {
    const p = ok(parseFixture('reviewer-with-tools.md'));
    expect(p).toEqual({
      name: 'otp-reviewer',
      description: 'Reviews supervision trees: restart strategies, child order, shutdown.',
      model: 'claude-sonnet-5',
      color: 'green',
      tools: ['Read', 'Grep', 'Glob'],
      system: 'You review supervision trees and say which children a test actually restarts.',
      source: join(FIXTURES, 'reviewer-with-tools.md'),
    });
  });

  it('reads tools as a comma-separated line, CRLF line ends and no optional field', () => {
    const p = ok(parseAgentFile('---\r\nname: terse\r\ntools: Read, Grep ,Bash\r\n---\r\nShort answers.\r\n', 'terse.md'));
    expect(p.tools).toEqual(['Read', 'Grep', 'Bash']);
    expect(p.description).toBeUndefined();
    expect(p.color).toBeUndefined();
    expect(p.model).toBeUndefined();
    expect(p.system).toBe('Short answers.');
  });

  it('turns literal \\n escapes into line breaks in a description that is valid YAML too', () => {
    const p = ok(parseAgentFile('---\nname: x\ndescription: One line\\n<example>\\nmore\\n</example>\n---\nHi', 'x.md'));
    expect(p.description).toBe('One line\n<example>\nmore\n</example>');
  });

  it('reports broken YAML with the file and the line', () => {
    const m = problem(parseFixture('broken-yaml.md'));
    expect(m).toBe(`${join(FIXTURES, 'broken-yaml.md')}: the front matter is not valid YAML (line 3, column 15): Implicit keys of flow sequence pairs need to be on a single line`);
  });

  it('reports a file without front matter', () => {
    expect(problem(parseFixture('no-front-matter.md'))).toMatch(/no-front-matter\.md: no front matter/);
    expect(problem(parseAgentFile('---\nname: x\nno closing line\n', 'open.md'))).toMatch(/^open\.md: no front matter/);
    expect(problem(parseAgentFile('---\n---\nHi', 'empty.md'))).toBe('empty.md: the front matter has no `name`');
  });

  it('reports a missing name', () => {
    expect(problem(parseFixture('no-name.md'))).toMatch(/no-name\.md: the front matter has no `name`/);
  });

  it('reports an empty body, a non-text field and a bad tools value', () => {
    expect(problem(parseAgentFile('---\nname: x\n---\n\n  \n', 'a.md'))).toBe('a.md: the body after the front matter is empty: it is the system prompt');
    expect(problem(parseAgentFile('---\nname: x\nmodel: 3\n---\nHi', 'b.md'))).toBe('b.md: `model` must be text');
    expect(problem(parseAgentFile('---\nname: x\ntools: {a: 1}\n---\nHi', 'c.md'))).toMatch(/^c\.md: `tools` must be/);
    expect(problem(parseAgentFile('---\n- a\n- b\n---\nHi', 'd.md'))).toMatch(/^d\.md: the front matter must be a mapping/);
  });
});

describe('findAgentFiles', () => {
  const temps: string[] = [];
  afterEach(async () => {
    for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
  });

  async function root(files: string[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'otp-agents-'));
    temps.push(dir);
    const agents = join(dir, '.claude', 'agents');
    await mkdir(agents, { recursive: true });
    for (const f of files) await copyFile(join(FIXTURES, f), join(agents, f));
    return dir;
  }

  it('loads the *.md files of every root, in name order, and turns the broken ones into errors', async () => {
    const workspace = await root(['reviewer-with-tools.md', 'beam-mentor.md', 'no-name.md']);
    const home = await root(['broken-yaml.md']);
    await writeFile(join(workspace, '.claude', 'agents', 'notes.txt'), 'not an agent');
    await mkdir(join(workspace, '.claude', 'agents', 'sub.md'));
    const { personas, errors } = await findAgentFiles([workspace, home, workspace]);
    expect(personas.map((p) => p.name)).toEqual(['beam-mentor', 'otp-reviewer']);
    expect(personas[0].source).toBe(join(workspace, '.claude', 'agents', 'beam-mentor.md'));
    expect(errors.map((e) => e.file)).toEqual([join(workspace, '.claude', 'agents', 'no-name.md'), join(home, '.claude', 'agents', 'broken-yaml.md')]);
  });

  it('skips roots without .claude/agents and reports unreadable ones without throwing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'otp-agents-'));
    temps.push(empty);
    expect(await findAgentFiles([empty, join(empty, 'missing')])).toEqual({ personas: [], errors: [] });

    // `.claude/agents` is a file here: listing it fails with ENOTDIR, which is reported, not thrown.
    await mkdir(join(empty, '.claude'));
    await writeFile(join(empty, '.claude', 'agents'), '');
    const { personas, errors } = await findAgentFiles([empty]);
    expect(personas).toEqual([]);
    expect(errors).toEqual([{ file: join(empty, '.claude', 'agents'), message: expect.stringMatching(/agents: cannot list agent files: .*ENOTDIR/) }]);
  });

  it('reports a .md entry it cannot read', async () => {
    const dir = await root([]);
    const agents = join(dir, '.claude', 'agents');
    await symlink(join(agents, 'nowhere.md'), join(agents, 'dangling.md'));
    const { personas, errors } = await findAgentFiles([dir]);
    expect(personas).toEqual([]);
    expect(errors).toEqual([{ file: join(agents, 'dangling.md'), message: expect.stringMatching(/dangling\.md: cannot read: .*ENOENT/) }]);
  });
});
