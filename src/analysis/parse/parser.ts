// Loads web-tree-sitter and the Elixir grammar (both wasm) once per process.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser } from 'web-tree-sitter';

export type { Language, Node, Parser, Tree, TreeCursor } from 'web-tree-sitter';
export { Edit };

let loading: Promise<Parser> | undefined;

/** The bundled CLI keeps the wasm files beside itself; from sources they are found in node_modules. */
function wasmPath(file: string, fromPackage: () => string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : fromPackage();
}

const runtimeWasm = () =>
  wasmPath('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
const grammarWasm = () =>
  wasmPath('tree-sitter-elixir.wasm', () =>
    join(dirname(require.resolve('tree-sitter-elixir/package.json')), 'tree-sitter-elixir.wasm'),
  );

export function loadParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => runtimeWasm() });
    const language = await Language.load(grammarWasm());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}
