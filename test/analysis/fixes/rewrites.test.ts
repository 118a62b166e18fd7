// The rewrites on real tree-sitter parses: the exact text they produce, and the cases they must leave alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/analysis/engine';
import { fixProject, type Texts } from '../../../src/analysis/fixes';
import { loadParser, type Parser } from '../../../src/analysis/parse/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

/** Runs `fix` over one file `lib/m.ex` holding `code`; returns the text after and the report. */
function fix(code: string, rule?: string) {
  const texts: Texts = new Map([['lib/m.ex', code]]);
  const project = new Project(parser);
  project.addFile('mix.exs', 'defmodule M.MixProject do\n  use Mix.Project\n  def project, do: [app: :m, version: "0.1.0"]\nend\n');
  project.addFile('lib/m.ex', code);
  const report = fixProject(project, texts, 'green', (f) => !rule || f.rule === rule);
  return { text: texts.get('lib/m.ex')!, report, left: project.analyze('green').findings.map((f) => f.rule) };
}

describe('OTP007: a task awaited at once', () => {
  it('inlines a piped Task.async |> Task.await', () => {
    const { text, report } = fix(`defmodule M do
  def total(xs) do
    sum = Task.async(fn -> Enum.sum(xs) end) |> Task.await()
    sum * 2
  end
end
`);
    expect(report.applied.map((a) => a.finding.rule)).toEqual(['OTP007']);
    expect(text).toBe(`defmodule M do
  def total(xs) do
    sum = Enum.sum(xs)
    sum * 2
  end
end
`);
  });

  it('keeps parentheses where the pipe goes on, and moves a multi-line body to its new indentation', () => {
    const { text } = fix(`defmodule M do
  def total(xs) do
    Task.async(fn -> hd(xs) + 1 end) |> Task.await() |> Integer.to_string()
  end

  def label(x) do
    Task.async(fn ->
      case x do
        1 -> "one"
        _ -> "many"
      end
    end)
    |> Task.await()
  end
end
`);
    expect(text).toBe(`defmodule M do
  def total(xs) do
    (hd(xs) + 1) |> Integer.to_string()
  end

  def label(x) do
    case x do
      1 -> "one"
      _ -> "many"
    end
  end
end
`);
  });

  it('replaces the bound form: the task line goes, the await becomes the work, leading statements take its place', () => {
    const { text, left } = fix(`defmodule M do
  def report(month) do
    task = Task.async(fn ->
      rows = load(month)
      Enum.sum(rows)
    end)
    total = Task.await(task)
    {month, total}
  end

  def short(month) do
    t = Task.async(fn -> load(month) end)
    Task.await(t) |> length()
  end

  defp load(_), do: [1, 2]
end
`);
    expect(text).toBe(`defmodule M do
  def report(month) do
    rows = load(month)
    total = Enum.sum(rows)
    {month, total}
  end

  def short(month) do
    load(month) |> length()
  end

  defp load(_), do: [1, 2]
end
`);
    expect(left).toEqual([]);
  });

  it('calls Mod.fun(args) for Task.async(Mod, :fun, [args])', () => {
    const { text } = fix(`defmodule M do
  def fib(n) do
    worker = Task.async(M.Math, :of, [n, 2])
    Task.await(worker) + 1
  end
end
`);
    expect(text).toBe(`defmodule M do
  def fib(n) do
    M.Math.of(n, 2) + 1
  end
end
`);
  });

  it('leaves a task whose closure binds a name the function uses, a deadline, and a task used twice', () => {
    const code = `defmodule M do
  def a(x) do
    rows = [x]
    t = Task.async(fn ->
      rows = [x, x]
      length(rows)
    end)
    n = Task.await(t)
    {n, rows}
  end

  def b(x), do: Task.async(fn -> x + 1 end) |> Task.await(10_000)

  def c(x) do
    t = Task.async(fn -> x + 1 end)
    n = Task.await(t)
    {n, t}
  end
end
`;
    const { text, report } = fix(code);
    expect(text).toBe(code);
    expect(report.applied).toEqual([]);
    expect(report.left.map((l) => l.reason)).toEqual(['the closure binds names the function also uses', '`t` is used by more than the await right after it']);
  });
});

describe('OTP008: a message sent to self() and received right after', () => {
  it('turns the receive into a case on the message', () => {
    const { text, report } = fix(`defmodule M do
  def total(lines) do
    send(self(), {:subtotal, Enum.sum(lines)})

    receive do
      {:subtotal, amount} when amount > 10_000 -> amount - div(amount, 20)
      {:subtotal, amount} -> amount
    end
  end
end
`);
    expect(report.applied.map((a) => a.finding.rule)).toEqual(['OTP008']);
    expect(text).toBe(`defmodule M do
  def total(lines) do
    case {:subtotal, Enum.sum(lines)} do
      {:subtotal, amount} when amount > 10_000 -> amount - div(amount, 20)
      {:subtotal, amount} -> amount
    end
  end
end
`);
  });

  it('leaves a receive no clause of which surely matches, and one with after', () => {
    const code = `defmodule M do
  def a(x) do
    send(self(), {:got, x})
    receive do
      {:other, y} -> y
    end
  end

  def b(x) do
    send(self(), x)
    receive do
      y -> y
    after
      100 -> :none
    end
  end
end
`;
    const { text, report } = fix(code, 'OTP008');
    expect(text).toBe(code);
    expect(report.left.map((l) => l.reason)).toEqual(['no clause of the receive surely matches the message', 'no receive without `after` right after the send']);
  });
});

describe('OTP003: an Agent only ever read', () => {
  const settings = (extra = '') => `defmodule M do
  use Agent

  def start_link(_), do: Agent.start_link(fn -> %{vat: 21} end, name: __MODULE__)
  def vat, do: Agent.get(__MODULE__, & &1.vat)
${extra}end
`;

  it('becomes a module attribute read directly', () => {
    const { text, report } = fix(settings(), 'OTP003');
    expect(report.applied.map((a) => a.finding.rule)).toEqual(['OTP003']);
    expect(text).toBe(`defmodule M do
  @value %{vat: 21}
  def vat, do: @value.vat
end
`);
  });

  it('is left alone when something still needs the process', () => {
    const { text, report } = fix(settings('  def alive?, do: Process.whereis(M) != nil\n'), 'OTP003');
    expect(text).toBe(settings('  def alive?, do: Process.whereis(M) != nil\n'));
    expect(report.left.map((l) => l.reason)).toEqual(['lib/m.ex mentions M in a way the rewrite cannot follow']);
  });
});

describe('OTP001: a GenServer that holds nothing', () => {
  const server = (clients: string, callbacks: string) => `defmodule M do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
${clients}
  @impl true
  def init(state), do: {:ok, state}

${callbacks}end
`;

  it('gives each client the body of the clause its message selects, and drops the process', () => {
    const { text, report, left } = fix(
      server(
        `  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})
  def sub(a, b), do: GenServer.call(__MODULE__, {:sub, a, b})

  def label(n) do
    GenServer.call(__MODULE__, {:label, n, String.upcase("n")})
  end
`,
        `  @impl true
  def handle_call({:add, x, y}, _from, state), do: {:reply, x + y, state}
  def handle_call({:sub, b, a}, _from, state), do: {:reply, b - a, state}

  def handle_call({:label, n, prefix}, _from, state) do
    # zero is special
    case n do
      0 -> {:reply, prefix <> " zero", state}
      _ -> {:reply, prefix, state}
    end
  end
`,
      ),
      'OTP001',
    );
    expect(report.applied.map((a) => a.finding.rule)).toEqual(['OTP001']);
    expect(left).toEqual([]);
    expect(text).toBe(`defmodule M do
  def add(a, b), do: a + b
  def sub(a, b), do: a - b

  def label(n) do
    prefix = String.upcase("n")
    # zero is special
    case n do
      0 -> prefix <> " zero"
      _ -> prefix
    end
  end
end
`);
  });

  it('turns a cast into the work and :ok, a keyword body into a do-block', () => {
    const { text } = fix(
      server(
        `  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})
  def log(line), do: GenServer.cast(__MODULE__, {:log, line})
`,
        `  @impl true
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}

  @impl true
  def handle_cast({:log, line}, state) do
    IO.puts(line)
    {:noreply, state}
  end
`,
      ),
      'OTP001',
    );
    expect(text).toBe(`defmodule M do
  def add(a, b), do: a + b
  def log(line) do
    IO.puts(line)
    :ok
  end
end
`);
  });

  it('is not offered when a clause before the one meant might take the message', () => {
    const code = server(
      `  def greet(name, lang), do: GenServer.call(__MODULE__, {:greet, name, lang})
`,
      `  @impl true
  def handle_call({:greet, name, :en}, _from, state), do: {:reply, "Hello " <> name, state}
  def handle_call({:greet, name, _}, _from, state), do: {:reply, "Hi " <> name, state}
`,
    );
    const { text, report } = fix(code, 'OTP001');
    expect(text).toBe(code);
    expect(report.left.map((l) => l.reason)).toEqual(['greet/2: whether handle_call at line 11 takes the message is not certain']);
  });

  it('is not offered when the callback needs the process or another module reaches it', () => {
    const needsSelf = server(
      `  def ping, do: GenServer.call(__MODULE__, :ping)
`,
      `  @impl true
  def handle_call(:ping, _from, state), do: {:reply, self(), state}
`,
    );
    expect(fix(needsSelf, 'OTP001').report.left.map((l) => l.reason)).toEqual(['handle_call calls self, which needs the process']);
    const reached = server(
      `  def ping, do: GenServer.call(__MODULE__, :ping)
`,
      `  @impl true
  def handle_call(:ping, _from, state), do: {:reply, :pong, state}
`,
    ).replace('end\n', 'end\n\ndefmodule Other do\n  def alive?, do: GenServer.whereis(M) != nil\nend\n');
    const { text, report } = fix(reached, 'OTP001');
    expect(text).toBe(reached);
    expect(report.left.map((l) => l.reason)).toEqual(['lib/m.ex mentions M in a way the rewrite cannot follow']);
  });

  it('is not offered when a client replies through `from` or the server is reached by pid', () => {
    const replies = server(
      `  def ping, do: GenServer.call(__MODULE__, :ping)
`,
      `  @impl true
  def handle_call(:ping, from, state) do
    GenServer.reply(from, :pong)
    {:noreply, state}
  end
`,
    );
    expect(fix(replies, 'OTP001').text).toBe(replies);
    const byPid = server(
      `  def ping(pid), do: GenServer.call(pid, :ping)
`,
      `  @impl true
  def handle_call(:ping, _from, state), do: {:reply, :pong, state}
`,
    );
    expect(fix(byPid, 'OTP001').report.left.map((l) => l.reason)).toEqual(['ping/1 reaches the process other than by one GenServer.call/cast as its last statement']);
  });
});
