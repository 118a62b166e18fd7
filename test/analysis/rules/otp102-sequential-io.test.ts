import rule from '../../../src/analysis/rules/otp102-sequential-io';
import { runRuleTests } from '../../helpers/rule-tester';

const prices = `defmodule Prices do
  def fetch_all(urls) do
    Enum.map(urls, fn url ->
      Req.get!(url).body
    end)
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a query per element (N+1) wants a preload, not processes',
      phase: 'refactor',
      code: `defmodule Reports do
  alias MyApp.Repo

  def authors(posts) do
    Enum.map(posts, fn post -> Repo.get!(MyApp.User, post.author_id) end)
  end
end
`,
    },
    {
      name: 'a loop over a few configured endpoints',
      phase: 'refactor',
      code: `defmodule Health do
  @endpoints ["https://a.example", "https://b.example"]

  def check, do: Enum.map(@endpoints, fn url -> Req.get!(url).status end)
  def check_configured, do: Enum.map(Application.get_env(:app, :endpoints), fn url -> Req.get!(url).status end)
end
`,
    },
    {
      name: 'seeds run by hand are not the product',
      phase: 'refactor',
      files: {
        'priv/repo/seeds.exs': `defmodule Seeds do
  def fetch(urls), do: Enum.map(urls, fn url -> Req.get!(url).body end)
end
`,
      },
    },
    { name: 'off in GREEN', code: prices },
    { name: 'off in RED', code: prices, phase: 'red' },
    {
      name: 'already concurrent with Task.async_stream',
      phase: 'refactor',
      code: `defmodule Prices do
  def fetch_all(urls) do
    urls
    |> Task.async_stream(fn url -> Req.get!(url).body end, max_concurrency: 8)
    |> Enum.map(fn {:ok, body} -> body end)
  end
end
`,
    },
    {
      name: 'each element handed to a task inside the loop',
      phase: 'refactor',
      code: `defmodule Prices do
  def fetch_all(urls) do
    urls |> Enum.map(fn url -> Task.async(fn -> HTTPoison.get!(url) end) end) |> Task.await_many()
  end
end
`,
    },
    {
      name: 'an accumulator makes the iterations depend on each other',
      phase: 'refactor',
      code: `defmodule Pages do
  def crawl(urls) do
    for url <- urls, reduce: [] do
      seen -> [Req.get!(url, headers: [{"x-seen", length(seen)}]) | seen]
    end
  end

  def total(urls), do: Enum.reduce(urls, 0, fn url, n -> n + byte_size(Req.get!(url).body) end)
end
`,
    },
    {
      name: 'queries inside a transaction must stay on its connection',
      phase: 'refactor',
      code: `defmodule Orders do
  alias MyApp.Repo

  def import(rows) do
    Repo.transaction(fn ->
      Enum.each(rows, fn row -> Repo.insert!(row) end)
    end)
  end
end
`,
    },
    {
      name: 'the same request repeated, not one per element',
      phase: 'refactor',
      code: `defmodule Health do
  def probe(url) do
    Enum.map(1..3, fn _ -> Req.get(url) end)
  end
end
`,
    },
    {
      name: 'local files and raw SQL statements are left alone',
      phase: 'refactor',
      code: `defmodule Maintenance do
  alias MyApp.Repo

  def gzip(paths), do: Enum.each(paths, fn p -> File.write!(p <> ".gz", :zlib.gzip(File.read!(p))) end)

  def reindex(indexes) do
    for index <- indexes do
      Repo.query("REINDEX INDEX CONCURRENTLY #{index}")
    end
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'an HTTP request per element',
      code: prices,
      phase: 'refactor',
      errors: [{ messageId: 'io', line: 3, column: 5, severity: 'information', message: 'This `Enum.map` in fetch_all/1 calls `Req.get!` for one element' }],
    },
    {
      name: 'for, a capture, and a piped Enum.each over HTTP clients',
      phase: 'refactor',
      code: `defmodule Sync do
  def pull(ids, client) do
    for id <- ids do
      {:ok, %{body: body}} = Tesla.get(client, "/items/#{id}")
      body
    end
  end

  def push(payloads), do: Enum.each(payloads, &HTTPoison.post!("https://example.com", &1))

  def ping(hosts) do
    hosts
    |> Enum.each(fn host ->
      request = Finch.build(:get, host)
      Finch.request(request, MyFinch)
    end)
  end
end
`,
      errors: [
        { messageId: 'io', line: 3, column: 5, message: 'This `for` in pull/2 calls `Tesla.get`' },
        { messageId: 'io', line: 9, column: 27, message: '`HTTPoison.post!`' },
        { messageId: 'io', line: 12, column: 5, message: '`Finch.request`' },
      ],
    },
  ],
});
