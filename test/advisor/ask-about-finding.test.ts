// A question about a real finding, end to end over real HTTP: what reaches the API is the persona (cached),
// the phase, the snippet with line numbers and the test that exercises it, and never a secret or the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/advisor/client';
import { buildContext } from '../../src/advisor/context';
import { BUILT_IN_PERSONA } from '../../src/advisor/persona';
import { Project } from '../../src/analysis/engine';
import { loadParser } from '../../src/analysis/parse/parser';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic';

const FILES: Record<string, string> = {
  'mix.exs': 'defmodule Shop.MixProject do\n  use Mix.Project\nend\n',
  'lib/shop/visits.ex': `defmodule Shop.Visits do
  use GenServer

  @token "ghp_PlantedSecretToken0123456789abcdefABCD"

  def start_link(_), do: GenServer.start_link(__MODULE__, 0, name: __MODULE__)
  def count, do: GenServer.call(__MODULE__, :count)
  def record, do: GenServer.cast(__MODULE__, :record)

  def init(n), do: {:ok, n}
  def handle_call(:count, _from, n), do: {:reply, n, n}
  def handle_cast(:record, n), do: {:noreply, n + 1}
end
`,
  'test/shop/visits_test.exs': `defmodule Shop.VisitsTest do
  use ExUnit.Case

  test "records a visit" do
    Shop.Visits.record()
    assert Shop.Visits.count() == 1
  end
end
`,
};

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});

describe('asking about a finding', () => {
  it('sends the phase, the numbered snippet and its test, with the persona cached and no secret', async () => {
    const project = new Project(await loadParser());
    for (const [path, text] of Object.entries(FILES)) project.addFile(path, text);
    const finding = project.analyze('green').findings.find((f) => f.rule === 'OTP002');
    expect(finding).toBeDefined();
    const context = await buildContext({
      project,
      phase: 'green',
      phaseSource: { kind: 'test-run', summary: 'last `mix test` had 1 failure' },
      findings: [finding!],
      question: 'Should this be an Agent?',
      readText: (file) => FILES[file],
    });
    fake.script({ kind: 'answer', deltas: ['Pass the count ', 'as an argument.'] });
    const apiKey = 'sk-ant-api03-TheUsersOwnKey0123456789';
    const result = await ask({
      apiKey,
      baseURL: fake.baseURL,
      model: 'claude-sonnet-5',
      maxTokens: 512,
      persona: BUILT_IN_PERSONA,
      history: [],
      message: context.message,
      onText: () => undefined,
    });
    expect(result.text).toBe('Pass the count as an argument.');
    const body = JSON.stringify(fake.bodies.at(-1));
    const sent = fake.bodies.at(-1) as { system: { cache_control?: unknown }[]; messages: { content: unknown }[] };
    expect(sent.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(body).toContain('GREEN');
    expect(body).toContain('last `mix test` had 1 failure');
    expect(body).toMatch(/\b2 \| {3}use GenServer/);
    expect(body).toContain('records a visit');
    expect(body).toContain('Should this be an Agent?');
    expect(body).not.toContain('ghp_PlantedSecretToken');
    expect(body).not.toContain(apiKey);
    expect(body).not.toContain('temperature');
  });
});
