// Context benchmark (issue target: asking about a flagged module in a large file costs ≤ 25 % of sending the file).
//   npm run bench:context -- [path/to/file.ex] [RULE]
// Without a path, a ~3 000-line file is generated from the examples/shop modules and big plain modules, with the
// shop's tests beside it. The file is analysed with the real engine; the context for one finding (the given rule,
// else the first finding in a GenServer) is built and its input-token estimate compared with the same message
// carrying the whole file instead of the trimmed code.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { buildContext } from '../../src/advisor/context';
import { estimateTokens } from '../../src/advisor/tokens';
import { Project } from '../../src/analysis/engine';
import { loadParser } from '../../src/analysis/parse/parser';

const root = join(__dirname, '..');
const shop = join(root, 'examples/shop');

function plainModule(i: number): string {
  const fns = Array.from({ length: 14 }, (_, j) => {
    const n = i * 100 + j;
    return `  @doc """
  Normalises entry ${n}: trims the name, parses the amount and tags it.
  """
  def normalise_${j}(%{name: name, amount: amount} = entry) when is_binary(name) do
    amount =
      amount
      |> to_string()
      |> String.replace(",", ".")
      |> Float.parse()
      |> case do
        {value, _} -> Float.round(value * ${j + 1}, 2)
        :error -> 0.0
      end

    entry
    |> Map.put(:name, String.trim(name))
    |> Map.put(:amount, amount)
    |> Map.put(:tag, :t${n})
  end

  def normalise_${j}(entry), do: {:error, {:invalid, entry}}
`;
  });
  return `defmodule Shop.Reports.Section${i} do\n  @moduledoc "Pure report helpers, section ${i}."\n\n${fns.join('\n')}end\n`;
}

function generated(): { files: Record<string, string>; file: string } {
  const lib = join(shop, 'lib/shop');
  const shopModules = readdirSync(lib)
    .sort()
    .map((f) => readFileSync(join(lib, f), 'utf8'));
  // The flagged modules sit in the middle of plain code, as in a real grown file.
  const plain = Array.from({ length: 12 }, (_, i) => plainModule(i));
  const file = 'lib/shop/big.ex';
  const files: Record<string, string> = { [file]: [...plain.slice(0, 6), ...shopModules, ...plain.slice(6)].join('\n') };
  for (const dir of ['test', 'test/shop']) {
    for (const f of readdirSync(join(shop, dir)).filter((x) => x.endsWith('.exs'))) {
      files[`${dir}/${f}`] = readFileSync(join(shop, dir, f), 'utf8');
    }
  }
  files['mix.exs'] = readFileSync(join(shop, 'mix.exs'), 'utf8');
  return { files, file };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rule = args.find((a) => /^OTP\d{3}$/.test(a));
  const path = args.find((a) => a !== rule);
  const given = path && (relative(process.cwd(), path).startsWith('..') ? `lib/${basename(path)}` : relative(process.cwd(), path));
  const { files, file } = path && given ? { files: { [given]: readFileSync(path, 'utf8') }, file: given } : generated();
  const project = new Project(await loadParser());
  for (const [p, text] of Object.entries(files)) project.addFile(p, text);
  const findings = project.analyze('green').findings.filter((f) => f.file === file);
  const genServers = new Set(project.facts(file)?.modules.filter((m) => m.behaviour === 'GenServer').map((m) => m.name));
  const finding = rule ? findings.find((f) => f.rule === rule) : (findings.find((f) => f.module && genServers.has(f.module)) ?? findings[0]);
  if (!finding) {
    console.error(`no ${rule ?? ''} finding in ${file} (${findings.length} findings)`);
    process.exit(1);
  }
  const input = {
    project,
    phase: 'green' as const,
    phaseSource: { kind: 'manual' as const },
    findings: [finding],
    question: 'Do I really need a process here? What is the simplest thing that would pass the tests?',
    readText: (f: string) => files[f],
  };
  const preview = await buildContext(input);
  const text = files[file];
  const whole = text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)} | ${l}`.trimEnd())
    .join('\n');
  const code = preview.sections.find((s) => s.title.startsWith('Code:'));
  const wholeMessage = preview.sections.map((s) => `## ${s.title}\n\n${s === code ? '```elixir\n' + whole + '\n```' : s.text}`).join('\n\n');
  const wholeTokens = estimateTokens(wholeMessage);
  const ratio = preview.tokens / wholeTokens;

  console.log(`file: ${file} (${text.split('\n').length} lines, ${text.length} chars)`);
  console.log(`finding: ${finding.rule} ${finding.file}:${finding.range.line + 1} ${finding.module ?? ''}`);
  console.log('sections (estimated tokens):');
  for (const s of preview.sections) console.log(`  ${String(s.tokens).padStart(6)}  ${s.title}`);
  console.log(`context message:            ${preview.tokens} tokens (${preview.message.length} chars)`);
  console.log(`same message, whole file:   ${wholeTokens} tokens`);
  console.log(`whole file alone:           ${estimateTokens(text)} tokens (chars/4: ${Math.ceil(text.length / 4)})`);
  console.log(`ratio: ${(ratio * 100).toFixed(1)} % (target ≤ 25 %) ${ratio <= 0.25 ? 'OK' : 'OVER'}`);
  if (ratio > 0.25) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
