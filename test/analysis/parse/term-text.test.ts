// termText over real parses: each module attribute's value, written back as the text messages and key
// comparisons use.
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/analysis/engine';
import { loadParser, type Parser } from '../../../src/analysis/parse/parser';
import { termText } from '../../../src/analysis/parse/term-text';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

/** The text of each attribute of a one-module file, by attribute name. */
function attributeTexts(body: string, other = '?'): Record<string, string> {
  const project = new Project(parser);
  project.addFile('lib/t.ex', `defmodule T do\n${body}\nend\n`);
  const [mod] = project.facts('lib/t.ex')!.modules;
  return Object.fromEntries([...mod.attributes].map(([name, t]) => [name, termText(t, other)]));
}

describe('termText', () => {
  it('writes literals, names, attributes, operators, fields and calls as they read in the source', () => {
    const texts = attributeTexts(
      [
        '  @ms 60_000',
        '  @atom :cart',
        '  @name "cart"',
        '  @registry Shop.Registry',
        '  @same @ms',
        '  @twice @ms * 2',
        '  @env Application.get_env(:shop, :ttl, 5)',
        '  @field Shop.Config.settings().ttl',
      ].join('\n'),
    );
    expect(texts).toEqual({
      ms: '60_000',
      atom: ':cart',
      name: '"cart"',
      registry: 'Shop.Registry',
      same: '@ms',
      twice: '@ms * 2',
      env: 'Application.get_env(:shop, :ttl, 5)',
      field: 'Shop.Config.settings().ttl',
    });
  });

  it('writes tuples, lists and pairs compactly, so equal constants compare equal however they are spaced', () => {
    const texts = attributeTexts(['  @a {:cart,  1}', '  @b {:cart, 1}', '  @list [:a, [:b]]', '  @kw [ttl: 5]'].join('\n'));
    expect(texts.a).toBe('{:cart,1}');
    expect(texts.b).toBe(texts.a);
    expect(texts.list).toBe('[:a,[:b]]');
    expect(texts.kw).toBe('[:ttl:5]');
  });

  it('puts the given stand-in for what it does not write out, at any depth', () => {
    const texts = attributeTexts(['  @map %{a: 1}', '  @inside {:cart, %{}}', '  @fun fn x -> x end'].join('\n'), 'a computed value');
    expect(texts).toEqual({ map: 'a computed value', inside: '{:cart,a computed value}', fun: 'a computed value' });
  });
});
