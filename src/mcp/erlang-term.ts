// Decodes the few Erlang external-term shapes Mix writes in its manifests (`:erlang.term_to_binary`).
// Enough for ExUnit's failures manifest: tuples, atoms, binaries, small integers, maps, lists.

export type ErlTerm = number | string | { atom: string } | ErlTerm[] | { tuple: ErlTerm[] } | { map: [ErlTerm, ErlTerm][] };

class TermError extends Error {}

/** The term in `bytes`, or a TermError naming the first tag it does not read. */
export function decodeTerm(bytes: Uint8Array): ErlTerm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new TermError(`truncated at byte ${at}`);
  };
  const u8 = () => (need(1), bytes[at++]);
  const u16 = () => (need(2), (at += 2), view.getUint16(at - 2));
  const u32 = () => (need(4), (at += 4), view.getUint32(at - 4));
  const text = (n: number) => {
    need(n);
    at += n;
    return Buffer.from(bytes.subarray(at - n, at)).toString('utf8');
  };
  const term = (): ErlTerm => {
    const tag = u8();
    switch (tag) {
      case 97: // SMALL_INTEGER_EXT
        return u8();
      case 98: // INTEGER_EXT
        return (need(4), (at += 4), view.getInt32(at - 4));
      case 100: // ATOM_EXT
      case 118: // ATOM_UTF8_EXT
        return { atom: text(u16()) };
      case 115: // SMALL_ATOM_EXT
      case 119: // SMALL_ATOM_UTF8_EXT
        return { atom: text(u8()) };
      case 104: // SMALL_TUPLE_EXT
        return { tuple: Array.from({ length: u8() }, term) };
      case 105: // LARGE_TUPLE_EXT
        return { tuple: Array.from({ length: u32() }, term) };
      case 106: // NIL_EXT
        return [];
      case 107: // STRING_EXT: a list of bytes
        return [...Buffer.from(text(u16()), 'latin1')];
      case 108: {
        // LIST_EXT: elements, then a tail (NIL for a proper list)
        const items = Array.from({ length: u32() }, term);
        term();
        return items;
      }
      case 109: // BINARY_EXT
        return text(u32());
      case 116: {
        // MAP_EXT
        const n = u32();
        const pairs: [ErlTerm, ErlTerm][] = [];
        for (let i = 0; i < n; i++) pairs.push([term(), term()]);
        return { map: pairs };
      }
      default:
        throw new TermError(`unsupported term tag ${tag} at byte ${at - 1}`);
    }
  };
  if (u8() !== 131) throw new TermError('not an Erlang external term (no version byte 131)');
  return term();
}
