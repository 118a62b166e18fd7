// The tests listed under a finding in the Problems panel: only for rules a test can silence (a test
// cannot justify sending a message to yourself), at most two rows, the test's name first.
import { rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { CONTEXT_REQUEST, type ContextResult } from '../../src/server/protocol';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { MIX_EXS, projectDir, STATELESS_CALC } from '../helpers/project-dir';

const LOOP = `defmodule Shop.Loop do
  def once do
    send(self(), :tick)
    receive do
      :tick -> :ok
    end
  end
end
`;

const TESTS = `defmodule Shop.CalcTest do
  use ExUnit.Case
  test "adds" do
    assert Shop.Calc.add(1, 2) == 3
  end
  test "adds negatives" do
    assert Shop.Calc.add(-1, -2) == -3
  end
  test "adds zero" do
    assert Shop.Calc.add(0, 2) == 2
  end
  test "loops once" do
    assert Shop.Loop.once() == :ok
  end
end
`;

let dir: string;
let client: LspClient;

afterEach(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('lists two exercising tests for a rule a test can silence, none for one no test can', async () => {
  dir = projectDir({ 'mix.exs': MIX_EXS, 'lib/shop/calc.ex': STATELESS_CALC, 'lib/shop/loop.ex': LOOP, 'test/shop/calc_test.exs': TESTS });
  client = new LspClient();
  await client.initialize(dir);
  const calc = uriOf(dir, 'lib/shop/calc.ex');
  const loop = uriOf(dir, 'lib/shop/loop.ex');
  await client.waitFor(() => client.codes(calc).includes('OTP001') && client.codes(loop).includes('OTP008'), 'OTP001 and OTP008');

  const stateless = client.diagnostics.get(calc)!.find((d) => d.code === 'OTP001')!;
  expect(stateless.message).toContain('Its tests (test/shop/calc_test.exs)');
  expect(stateless.relatedInformation).toEqual([
    { location: { uri: uriOf(dir, 'test/shop/calc_test.exs'), range: expect.anything() }, message: 'test "adds" has no restart or concurrency check' },
    { location: { uri: uriOf(dir, 'test/shop/calc_test.exs'), range: expect.anything() }, message: 'test "adds negatives" has no restart or concurrency check' },
  ]);

  const selfSend = client.diagnostics.get(loop)!.find((d) => d.code === 'OTP008')!;
  expect(selfSend.relatedInformation?.some((r) => r.message.includes('loops once'))).toBe(false);
  // The advisor still learns which tests exercise it: the server looks the finding up by its data.
  const asked = (await client.connection.sendRequest(CONTEXT_REQUEST, { uri: loop, line: selfSend.range.start.line, finding: selfSend.data, question: '' })) as ContextResult;
  expect(asked.preview.sources.tests).toEqual([expect.objectContaining({ name: 'loops once' })]);
});
