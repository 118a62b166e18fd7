// The two test predicates answer different questions, and disagree exactly where they should.
import { describe, expect, it } from 'vitest';
import { isInTestFolder, isLibPath, isTestScript } from '../../src/analysis/project-paths';

describe('project paths', () => {
  it.each([
    // path, ExUnit runs it, test work for the phase, library code
    ['test/shop_test.exs', true, true, false],
    ['test/test_helper.exs', true, true, false],
    ['test/support/factory.ex', false, true, false],
    ['apps/billing/test/billing_test.exs', true, true, false],
    ['lib/shop/cart_test.exs', true, true, true],
    ['lib/shop/test_helpers.ex', false, false, true],
    ['lib/shop.ex', false, false, true],
    ['apps/billing/lib/billing.ex', false, false, true],
    ['priv/repo/seeds.exs', false, false, false],
    ['mix.exs', false, false, false],
  ])('%s: ExUnit file %s, test folder %s, lib %s', (path, script, inTests, lib) => {
    expect([isTestScript(path), isInTestFolder(path), isLibPath(path)]).toEqual([script, inTests, lib]);
  });
});
