// One file parsed and read into facts in batch (no cache for a next version): the unit of work the threads share.
import { isTestScript } from '../project-paths';
import { extractFacts } from '../facts/extract';
import type { FileFacts } from '../facts/types';
import type { Parser } from '../parse/parser';

/** A file's facts, or why there are none: an engine error, or no tree at all. */
export type Extracted = { facts: FileFacts } | { error: string } | { unparsed: true };

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function extractFile(parser: Parser, path: string, text: string): Extracted {
  const tree = parser.parse(text);
  if (!tree) return { unparsed: true };
  try {
    return { facts: extractFacts({ path, text, isTest: isTestScript(path) }, tree, undefined, false).facts };
  } catch (e) {
    return { error: errorText(e) };
  } finally {
    tree.delete();
  }
}
