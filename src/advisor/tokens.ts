// A cheap, offline estimate of how many tokens a text costs, used for budgets and the context preview.
//
// The usual "4 characters per token" undercounts code: code is dense with punctuation (`|>`, `{:ok, _}`),
// short names and indentation, which BPE tokenizers split finely. So the text is cut into pieces, each
// costed on its own:
// - a run of letters (with `_`) costs 1 token per 4 characters, at least 1 (`handle_call` → 3);
// - a run of digits costs 1 token per 3 digits;
// - a run of punctuation costs 1 token per 2 characters (`|>`, `%{`, `->` are usually one token);
// - a run of whitespace holding a newline or two or more spaces (indentation) costs 1; a single space
//   costs nothing, as tokenizers fold it into the next word;
// - any other character (non-ASCII) costs 1.
// On English prose this lands near chars / 4; on indented Elixir it comes out higher than chars / 4, which
// is the side to err on for a budget. It is not calibrated against the API's tokenizer: the usage the API
// reports after a send is the real count.
const PIECE = /[A-Za-z_]+|[0-9]+|\s+|[\x21-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7e]+|[^]/g;

export function estimateTokens(text: string): number {
  let n = 0;
  for (const [piece] of text.matchAll(PIECE)) {
    const c = piece.charCodeAt(0);
    if (/[A-Za-z_]/.test(piece[0])) n += Math.ceil(piece.length / 4);
    else if (c >= 48 && c <= 57) n += Math.ceil(piece.length / 3);
    else if (/\s/.test(piece[0])) n += piece === ' ' ? 0 : 1;
    else if (c < 128) n += Math.ceil(piece.length / 2);
    else n += 1;
  }
  return n;
}
