import type { Span, Term } from '../parse/term';

/** One `:ets` call of a module (ets.ts): the table's creation, a write or a read. */
export interface EtsOp {
  /** `new`, a write (`insert`, `delete`, `update_counter`...), or `read`. */
  op: 'new' | 'write' | 'read';
  fn: string;
  /** The table argument, or for `new` the name argument. */
  table?: Term;
  /** For `new`: the name when `:named_table` is given. */
  namedTable?: string;
  /** For `new`: `:named_table` under a name built at run time (`:"#{cluster}_slots"`), which other code can build too. */
  builtName?: boolean;
  /** For `new`: the variable the table id is bound to in the same function. */
  boundTo?: string;
  /** For `new`: created `:public`, so any process may write it. */
  isPublic?: boolean;
  /** The table's name when the table argument is an atom, an alias or an attribute holding one (`:cache`, `MyApp.Cache`). */
  name?: string;
  /**
   * For `new`: the first use of the table other than as the table of an `:ets` call (a call it is passed to, a
   * function it is returned from, a closure handed to other code). Followed through the variable it is bound to,
   * a test's setup context and, in test files, its name. Undefined when only `:ets` calls use it.
   */
  handedTo?: string;
  /** For writes: the data argument(s). */
  data: Term[];
  inFunction: string;
  span: Span;
}
