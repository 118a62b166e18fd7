// Fingerprints: what goes into a finding's identity (rule, owner, flagged code) and what does not (its line).
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/analysis/engine';
import { flaggedCode, fingerprints } from '../../src/analysis/fingerprint';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

const report = `defmodule Demo.Report do
  def a(x), do: Task.await(Task.async(fn -> x * 2 end))
  def b(x), do: Task.await(Task.async(fn -> x * 2 end))
end
`;

/** Analyses `files` and fingerprints the findings with the same texts. */
function printed(files: Record<string, string>): { rule: string; line: number; fp: string }[] {
  const p = new Project(parser);
  for (const [path, text] of Object.entries(files)) p.addFile(path, text);
  const { findings } = p.analyze('green');
  const fps = fingerprints(findings, (file) => files[file]);
  return findings.map((f, i) => ({ rule: f.rule, line: f.range.line, fp: fps[i] }));
}

describe('flaggedCode', () => {
  it('cuts the range out of the text and collapses whitespace', () => {
    const text = 'a\n  x =   Task.async(fn ->\n    1\n  end) # c\n';
    expect(flaggedCode(text, { rule: 'R', file: 'f', range: { line: 1, col: 8, endLine: 3, endCol: 6, start: 0, end: 0 } })).toBe('Task.async(fn -> 1 end)');
    expect(flaggedCode(text, { rule: 'R', file: 'f', range: { line: 1, col: 4, endLine: 1, endCol: 5, start: 0, end: 0 } })).toBe('=');
  });

  it('cuts as if the text were split into lines: CRLF ends, columns past a line end, a range past the last line', () => {
    const at = (text: string, line: number, col: number, endLine: number, endCol: number) => flaggedCode(text, { rule: 'R', file: 'f', range: { line, col, endLine, endCol, start: 0, end: 0 } });
    const crlf = 'a\r\n  x = f(1,\r\n    2)\r\n';
    expect(at(crlf, 1, 6, 2, 6)).toBe('f(1, 2)');
    expect(at(crlf, 1, 2, 1, 40)).toBe('x = f(1,');
    expect(at(crlf, 0, 5, 1, 3)).toBe('x');
    expect(at(crlf, 2, 4, 9, 2)).toBe('2)');
    expect(at('one\ntwo', 1, 1, 5, 9)).toBe('wo');
    expect(at('one\ntwo', 1, 2, 0, 9)).toBe('');
    expect(at('one\ntwo', 0, 2, 0, 1)).toBe('');
  });
});

describe('fingerprints', () => {
  it('tells identical findings of one module apart by an occurrence index, in file order', () => {
    const prints = printed({ 'lib/report.ex': report });
    expect(prints.map((p) => p.rule)).toEqual(['OTP007', 'OTP007']);
    const [a, b] = prints.map((p) => p.fp);
    expect(a.replace(/:\d+$/, '')).toBe(b.replace(/:\d+$/, ''));
    expect([a.slice(-2), b.slice(-2)]).toEqual([':0', ':1']);
  });

  it('does not change when lines are added above or the code is re-indented', () => {
    const before = printed({ 'lib/report.ex': report }).map((p) => p.fp);
    const moved = printed({ 'lib/report.ex': `# one\n# two\n# three\n${report.replace('  def a(x), do: Task.await(Task.async(fn -> x * 2 end))', '  def a(x),\n    do:  Task.await(Task.async(fn ->   x * 2 end))')}` });
    expect(moved.map((p) => p.line)).toEqual([5, 6]);
    expect(moved.map((p) => p.fp)).toEqual(before);
  });

  it('changes with the flagged code and its module, not with the file holding the module', () => {
    const [base] = printed({ 'lib/report.ex': report });
    const [otherCode] = printed({ 'lib/report.ex': report.replaceAll('x * 2', 'x * 3') });
    const [otherModule] = printed({ 'lib/report.ex': report.replace('Demo.Report', 'Demo.Other') });
    const [otherFile] = printed({ 'lib/elsewhere.ex': report });
    expect(otherCode.fp).not.toBe(base.fp);
    expect(otherModule.fp).not.toBe(base.fp);
    expect(otherFile.fp).toBe(base.fp);
  });
});
