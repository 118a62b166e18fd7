// Code that ships in a project's repository but is not its product: benchmarks, examples, dev-only mix tasks
// and scripts (seeds, `.iex.exs`), and test fixture sources that the project's tests read but never run.
// No rule reports on it: on expert projects every finding there was one an expert leaves (a demo timer
// in `examples/`, a seed loop, a benchmark's throwaway process), and its tests, when it has any, are not
// the project's.

export type NonProduct = 'benchmark' | 'example' | 'script' | 'mix-task' | 'seeds' | 'fixture';

/** Top-level folders (of a project or an umbrella app) holding benchmarks or example code. */
const ASIDE_DIR = /^(?:apps\/[^/]+\/)?(bench|benchmarks?|examples?|example_[a-z_]+|samples?)\//;
/**
 * Demo folders (`demo/`, `demos/`) of a mix project: code beside the product that mix does not compile. Only in a
 * folder with a mix.exs: a repository of loose lecture files keeps its product in `demos/` (a course's demos).
 */
const DEMO_DIR = /^(demos?)\//;
/** Fixture sources under `test/`: `test/fixtures`, `test/support/fixtures`, `test/fixture`. */
const FIXTURE_DIR = /(?:^|\/)test\/(?:support\/)?fixtures?\//;
/** Seed data loaded by hand (`priv/repo/seeds.exs`, `priv/repo/seeds/*.exs`, a `seeds/` folder of modules). */
const SEEDS = /(?:^|\/)seeds?[_./]/;
/** Dev-only mix tasks, by the path mix requires of them. */
const MIX_TASK_DIR = /(?:^|\/)lib\/mix\/tasks\//;
/** Scripts run by hand, never part of what runs in production. */
const SCRIPT = /(?:^|\/)\.iex\.exs$|(?:^|\/)(?:priv|scripts?|rel|assets)\/(?:[^/]+\/)*[^/]+\.exs$/;

/**
 * Why a project-relative file is not product code, or undefined when it is. `compiled` are the project's own
 * `elixirc_paths` (every env's, from mix.exs): a `.ex` file under `test/` outside them is a fixture the tests
 * read, not a support module they compile. `mixFolders`: the folders holding a mix.exs (`''` for the root, `apps/a/`).
 */
export function nonProductReason(path: string, compiled: readonly string[] = [], mixFolders: readonly string[] = []): NonProduct | undefined {
  const aside = ASIDE_DIR.exec(path);
  if (aside) return aside[1].startsWith('bench') ? 'benchmark' : 'example';
  if (mixFolders.some((f) => path.startsWith(f) && DEMO_DIR.test(path.slice(f.length)))) return 'example';
  if (FIXTURE_DIR.test(path)) return 'fixture';
  if (SEEDS.test(path)) return 'seeds';
  if (MIX_TASK_DIR.test(path)) return 'mix-task';
  // Scripts run by hand: `.iex.exs`, `.exs` under `priv/`, `scripts/`, `rel/` or `assets/`. Other loose `.exs`
  // files can be the product itself (a course's `02-otp/account-server.exs`).
  if (SCRIPT.test(path)) return 'script';
  if (path.endsWith('.ex') && compiled.length && /(?:^|\/)test\//.test(path) && !compiled.some((p) => path === p || path.startsWith(p + '/'))) {
    return 'fixture';
  }
  return undefined;
}

/**
 * Folders of tests: `test/`, `tests/`, `integration_test/`, `test_integrations/`, `e2e/`. A whole mix project inside
 * one is an app the project's tests build and drive (an integration-test Phoenix app), never the product.
 */
const TEST_FOLDER = /(?:^|\/)(?:tests?|e2e|integration_tests?|tests?_[a-z_]+|[a-z_]+_tests?)\//;

/** A nested project folder that is an example, a benchmark or a fixture of the project around it. */
export function isAsideProject(relativeRoot: string): boolean {
  const p = relativeRoot.endsWith('/') ? relativeRoot : `${relativeRoot}/`;
  return ASIDE_DIR.test(p) || DEMO_DIR.test(p) || FIXTURE_DIR.test(p) || TEST_FOLDER.test(p);
}

/**
 * Every path listed in a mix.exs's `elixirc_paths` (all envs: `["lib", "test/support"]`), relative to the
 * mix.exs's folder (`prefix`, with a trailing `/` or empty). Empty when mix.exs does not set them.
 */
export function elixircPaths(mixText: string, prefix = ''): string[] {
  const out = new Set<string>();
  for (const m of mixText.matchAll(/elixirc_paths[^\n]*?(?:do:|=>|:)?\s*(\[[^\]]*\])/g)) {
    for (const s of m[1].matchAll(/"([^"]+)"/g)) out.add(prefix + s[1].replace(/^\.\//, '').replace(/\/$/, ''));
  }
  // `defp elixirc_paths(:test), do: ["lib", "test/support"]` lists them; the do-block form spreads over lines.
  for (const m of mixText.matchAll(/defp?\s+elixirc_paths\b[^\n]*\bdo\s*\n([\s\S]*?)\n\s*end\b/g)) {
    for (const s of m[1].matchAll(/"([^"]+)"/g)) out.add(prefix + s[1].replace(/^\.\//, '').replace(/\/$/, ''));
  }
  return [...out];
}

/** Mix tasks: `use Mix.Task` (run by a developer, `mix my_app.seed`), wherever the file sits. */
export function isMixTask(uses: readonly { name: string }[]): boolean {
  return uses.some((u) => u.name === 'Mix.Task' || u.name === 'Mix.Tasks.Compile' || u.name.startsWith('Mix.Task.'));
}
