// What a project-relative path (with `/`) is to the analysis: an Elixir source, a test file ExUnit runs,
// something under a test folder, library code. Two test predicates because two questions are asked:
// facts treat only ExUnit's files as tests, the phase counts any edit in a test folder as test work.
export function isElixirPath(path: string): boolean {
  return path.endsWith('.ex') || path.endsWith('.exs');
}

/** A file ExUnit runs: an `.exs` under a `test/` folder (any app's, any depth), or a `*_test.exs` anywhere. */
export function isTestScript(path: string): boolean {
  return path.endsWith('.exs') && (/(^|\/)test\//.test(path) || path.endsWith('_test.exs'));
}

/** Test work for the phase: anything under `test/` or `apps/<app>/test/` (helpers in test/support too), or a `*_test.exs`. */
export function isInTestFolder(path: string): boolean {
  return /^(?:apps\/[^/]+\/)?test\//.test(path) || path.endsWith('_test.exs');
}

/** Library code for the phase; config/ and mix.exs are neither library nor test. */
export function isLibPath(path: string): boolean {
  return /^(?:apps\/[^/]+\/)?lib\/.*\.(?:ex|exs|heex|eex)$/.test(path);
}
