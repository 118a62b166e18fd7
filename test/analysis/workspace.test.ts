// Finding projects on disk: umbrellas, nested projects, selections, empty folders, entries that cannot be read.
import { symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';
import { loadProjects, type LoadedProject } from '../../src/analysis/workspace';
import { FIXTURES, statelessGenServer, tempProject } from '../helpers/cli';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
function project(files: Record<string, string | null>): string {
  const p = tempProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

const summary = (loaded: LoadedProject[], base: string) =>
  loaded.map((l) => ({
    root: l.root === base ? '.' : l.root.slice(base.length + 1),
    files: l.project.allFacts().length,
    selected: l.selected.size,
  }));

const findings = (l: LoadedProject) =>
  l.project
    .analyze('green')
    .findings.filter((f) => l.selected.has(f.file))
    .map((f) => `${f.rule} ${f.file}`);

describe('umbrella projects', () => {
  const umbrella = join(FIXTURES, 'umbrella');

  it('loads the apps as one project, so a test in apps/b/test justifies a module in apps/a/lib', async () => {
    const [loaded, ...rest] = await loadProjects([umbrella], parser);
    expect(rest).toEqual([]);
    expect(loaded.root).toBe(umbrella);
    expect([...loaded.selected].sort()).toEqual([
      'apps/a/lib/a/pricer.ex',
      'apps/a/lib/a/taxes.ex',
      'apps/a/mix.exs',
      'apps/a/test/a_test.exs',
      'apps/b/lib/b/checkout.ex',
      'apps/b/mix.exs',
      'apps/b/test/checkout_test.exs',
      'mix.exs',
    ]);
    const analysis = loaded.project.analyze('green');
    expect(analysis.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['OTP001 apps/a/lib/a/taxes.ex']);
    expect(analysis.justified).toBe(1);
  });

  it('lifts a path inside an app to the umbrella, selecting only that path', async () => {
    for (const path of [join(umbrella, 'apps/a'), join(umbrella, 'apps/a/lib/a/taxes.ex')]) {
      const loaded = await loadProjects([path], parser);
      expect(summary(loaded, umbrella)).toEqual([{ root: '.', files: 8, selected: path.endsWith('.ex') ? 1 : 4 }]);
      expect(findings(loaded[0])).toEqual(['OTP001 apps/a/lib/a/taxes.ex']);
    }
    // A.Pricer is justified by apps/b's test even when only apps/a/lib is checked.
    const [onlyLib] = await loadProjects([join(umbrella, 'apps/a/lib')], parser);
    expect(findings(onlyLib)).toEqual(['OTP001 apps/a/lib/a/taxes.ex']);
  });
});

describe('nested projects', () => {
  it('analyses a project nested in another on its own', async () => {
    const dir = project({
      'lib/calc.ex': statelessGenServer(),
      'services/inner/mix.exs': 'defmodule Inner.MixProject do\n  use Mix.Project\nend\n',
      'services/inner/lib/calc.ex': statelessGenServer(),
      // Kills Demo.Calculator: justifies the inner project's copy only.
      'services/inner/test/calc_test.exs': `defmodule Demo.CalculatorTest do
  use ExUnit.Case
  test "restarts" do
    Process.exit(Process.whereis(Demo.Calculator), :kill)
  end
end
`,
    });
    for (const asked of [[dir], [join(dir, 'services')], [join(dir, 'services'), join(dir, 'lib')]]) {
      const loaded = await loadProjects(asked, parser);
      const inner = loaded.find((l) => l.root.endsWith('inner'))!;
      expect(inner.project.allFacts().map((f) => f.path).sort()).toEqual(['lib/calc.ex', 'mix.exs', 'test/calc_test.exs']);
      expect(findings(inner)).toEqual([]);
      const outer = loaded.find((l) => l.root === dir)!;
      expect(outer.project.allFacts().map((f) => f.path).sort()).toEqual(['lib/calc.ex', 'mix.exs']);
      expect(findings(outer)).toEqual(asked.some((a) => a === dir || a.endsWith('lib')) ? ['OTP001 lib/calc.ex'] : []);
    }
  });

  it('keeps the apps of an umbrella nested in another project with their umbrella', async () => {
    const dir = project({
      'services/umb/mix.exs': 'defmodule Umb.MixProject do\n  use Mix.Project\n  def project, do: [apps_path: "apps"]\nend\n',
      'services/umb/apps/x/mix.exs': 'defmodule X.MixProject do\n  use Mix.Project\nend\n',
      'services/umb/apps/x/lib/x.ex': statelessGenServer('X'),
    });
    expect(summary(await loadProjects([dir], parser), dir)).toEqual([
      { root: '.', files: 1, selected: 1 },
      { root: 'services/umb', files: 3, selected: 3 },
    ]);
  });

  it('leaves out an example, benchmark, test fixture or integration-test project nested in another, unless asked about it', async () => {
    const dir = project({
      'lib/calc.ex': statelessGenServer(),
      'examples/demo/mix.exs': 'defmodule Demo.MixProject do\n  use Mix.Project\nend\n',
      'examples/demo/lib/calc.ex': statelessGenServer(),
      'test/fixtures/inner/mix.exs': 'defmodule Inner.MixProject do\n  use Mix.Project\nend\n',
      'test/fixtures/inner/lib/calc.ex': statelessGenServer(),
      'example_applications/web/mix.exs': 'defmodule Web.MixProject do\n  use Mix.Project\nend\n',
      'example_applications/web/lib/calc.ex': statelessGenServer(),
      // A Phoenix app the integration tests build and drive, in a tests folder of its own.
      'test_integrations/web_app/mix.exs': 'defmodule WebApp.MixProject do\n  use Mix.Project\nend\n',
      'test_integrations/web_app/lib/calc.ex': statelessGenServer(),
      'integration_test/app/mix.exs': 'defmodule App.MixProject do\n  use Mix.Project\nend\n',
      'integration_test/app/lib/calc.ex': statelessGenServer(),
      'demos/phoenix/mix.exs': 'defmodule PhoenixDemo.MixProject do\n  use Mix.Project\nend\n',
      'demos/phoenix/lib/calc.ex': statelessGenServer(),
    });
    expect(summary(await loadProjects([dir], parser), dir)).toEqual([{ root: '.', files: 2, selected: 2 }]);
    const [demo] = await loadProjects([join(dir, 'examples/demo')], parser);
    expect(findings(demo)).toEqual(['OTP001 lib/calc.ex']);
  });

  it('keeps the loose files of a folder of projects (a repository of exercises) beside its projects', async () => {
    const dir = project({
      'mix.exs': null,
      'chapter1/spawn.exs': 'pid = spawn(fn -> :ok end)\n',
      'chapter2/mix.exs': 'defmodule Ch2.MixProject do\n  use Mix.Project\nend\n',
      'chapter2/lib/calc.ex': statelessGenServer(),
    });
    expect(summary(await loadProjects([dir], parser), dir)).toEqual([
      { root: '.', files: 1, selected: 1 },
      { root: 'chapter2', files: 2, selected: 2 },
    ]);
  });

  it('finds every project in a folder of projects', async () => {
    const loaded = await loadProjects([FIXTURES], parser);
    expect(summary(loaded, FIXTURES)).toEqual([
      { root: 'bad-config', files: 3, selected: 4 }, // .otp-advisor.json is read, not analysed
      { root: 'empty', files: 1, selected: 1 },
      { root: 'justified-otp', files: 4, selected: 4 },
      { root: 'malformed', files: 3, selected: 3 },
      { root: 'premature', files: 5, selected: 5 },
      { root: 'umbrella', files: 8, selected: 8 },
    ]);
  });
});

describe('odd folders', () => {
  it('loads an empty folder as a project without files', async () => {
    const dir = project({ 'mix.exs': null });
    const loaded = await loadProjects([dir], parser);
    expect(summary(loaded, dir)).toEqual([{ root: '.', files: 0, selected: 0 }]);
    expect(loaded[0].project.analyze('green')).toEqual({ findings: [], justified: 0, justifiedFindings: [], ruleFailures: [] });
  });

  it('loads loose files without a mix.exs', async () => {
    const dir = project({ 'mix.exs': null, 'calc.ex': statelessGenServer() });
    const loaded = await loadProjects([join(dir, 'calc.ex')], parser);
    expect(summary(loaded, dir)).toEqual([{ root: '.', files: 1, selected: 1 }]);
    expect(findings(loaded[0])).toEqual(['OTP001 calc.ex']);
  });

  it('skips deps and _build', async () => {
    const dir = project({ 'deps/dep/lib/d.ex': statelessGenServer('D'), '_build/dev/x.ex': statelessGenServer('B'), 'lib/a.ex': statelessGenServer('A') });
    expect((await loadProjects([dir], parser))[0].project.allFacts().map((f) => f.path).sort()).toEqual(['lib/a.ex', 'mix.exs']);
  });

  it('reports entries it cannot read and loads the rest', async () => {
    // Tests run as root, where chmod 000 does not stop a read: use entries no one can read as a file.
    const dir = project({ 'lib/calc.ex': statelessGenServer(), 'lib/folder.ex/inner.ex': statelessGenServer('Inner') });
    symlinkSync(join(dir, 'missing.ex'), join(dir, 'lib/dangling.ex'));
    symlinkSync(join(dir, 'lib/folder.ex'), join(dir, 'lib/link.ex'));
    execFileSync('mkfifo', [join(dir, 'lib/pipe.ex')]);
    const [loaded] = await loadProjects([dir], parser);
    expect(loaded.unreadable.map((u) => u.file).sort()).toEqual(['lib/dangling.ex', 'lib/link.ex', 'lib/pipe.ex']);
    expect(loaded.unreadable.find((u) => u.file === 'lib/dangling.ex')?.error).toMatch(/ENOENT/);
    expect(loaded.unreadable.find((u) => u.file === 'lib/pipe.ex')?.error).toBe('not a regular file');
    expect(findings(loaded)).toEqual(['OTP001 lib/calc.ex', 'OTP001 lib/folder.ex/inner.ex']);
  });
});
