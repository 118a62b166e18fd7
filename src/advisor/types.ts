// Types shared by the advisor's modules: phase source, persona, chat turns and token usage.
export type PhaseSource = { kind: 'manual' } | { kind: 'test-run'; summary: string };

export type Persona = {
  name: string;
  description?: string;
  /** undefined = the configured model */
  model?: string;
  system: string;
  /** 'built-in' or the agent file's path */
  source: 'built-in' | string;
  /** From an agent file, for the picker; the advisor gives the model no tools, so `tools` is only shown. */
  color?: string;
  tools?: string[];
};

export type ChatTurn = { role: 'user' | 'assistant'; content: string };

export type Usage = { input: number; output: number; cacheRead: number; cacheWrite: number };
