// `otp-advisor mcp`: the OTP Advisor tools and the OTP expert persona over the Model Context Protocol (stdio).
// Read-only and local: it reads the projects under the client's roots (or the working directory), nothing else.
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { BUILT_IN_PERSONA, PHASE_GUIDANCE, systemPrompt } from '../advisor/persona';
import { loadParser } from '../analysis/parse/parser';
import { PHASES } from '../analysis/phases';
import { diskSource } from './disk-source';
import { TOOL_NAMES, TOOLS, type AnalysisSource, type ToolResult } from './tool-catalog';
import { HANDLERS } from './tools';

const PERSONA_PROMPT = 'elixir-otp-expert';

export interface McpOptions {
  version: string;
  /** Folders to read when the client gives no roots (default: the working directory). */
  roots: string[];
}

async function createMcpServer(options: McpOptions): Promise<McpServer> {
  const parser = await loadParser();
  const server = new McpServer(
    { name: 'otp-advisor', title: 'OTP Advisor', version: options.version },
    {
      instructions:
        'OTP Advisor knows which modules of an Elixir project are processes, what starts and supervises them, which tests justify them, and the TDD phase. ' +
        'Call otp_inventory and otp_check before adding a GenServer, Agent, Supervisor, ETS table or Task, and otp_check again after editing Elixir code.',
    },
  );
  let clientRoots: string[] | undefined;
  const readClientRoots = async () => {
    if (!server.server.getClientCapabilities()?.roots) return;
    try {
      const { roots } = await server.server.listRoots();
      clientRoots = roots.flatMap((r) => (r.uri.startsWith('file:') ? [fileURLToPath(r.uri)] : []));
    } catch {
      // A client that declares roots but fails to list them: keep the fallback roots.
      clientRoots = undefined;
    }
  };
  let rootsRead: Promise<void> | undefined;
  server.server.oninitialized = () => {
    rootsRead = readClientRoots();
  };
  server.server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    rootsRead = readClientRoots();
  });
  const roots = async () => {
    await rootsRead;
    return clientRoots?.length ? clientRoots : options.roots;
  };
  registerTools(server, diskSource(parser, roots));
  registerPersona(server);
  return server;
}

function toCallResult(r: ToolResult) {
  return {
    content: [{ type: 'text' as const, text: r.text }],
    ...(r.data && !r.isError ? { structuredContent: r.data } : {}),
    ...(r.isError ? { isError: true } : {}),
  };
}

function registerTools(server: McpServer, source: AnalysisSource): void {
  for (const name of TOOL_NAMES) {
    const tool = TOOLS[name];
    server.registerTool(
      name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { readOnlyHint: true, openWorldHint: false } },
      async (input: unknown) => toCallResult(await HANDLERS[name](source, input as never)),
    );
  }
}

function registerPersona(server: McpServer): void {
  server.registerPrompt(
    PERSONA_PROMPT,
    {
      title: 'Elixir OTP expert',
      description: `${BUILT_IN_PERSONA.description} Optionally framed for a TDD phase.`,
      argsSchema: { phase: z.enum(PHASES).describe('red, green or refactor').optional() },
    },
    ({ phase }) => ({
      description: BUILT_IN_PERSONA.description,
      messages: [
        {
          role: 'user' as const,
          content: {
            type: 'text' as const,
            text:
              `${systemPrompt(BUILT_IN_PERSONA)}\n\n# Tools\n\nBefore advising, call otp_phase, otp_inventory and otp_check on the project, and otp_context on the place in question; advise from what they return.` +
              (phase ? `\n\nThe current phase is ${phase.toUpperCase()}: ${PHASE_GUIDANCE[phase]}` : ''),
          },
        },
      ],
    }),
  );
}

/** Serves on stdin/stdout until the client closes them. */
export async function serveStdio(options: McpOptions): Promise<void> {
  const server = await createMcpServer(options);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((done) => {
    server.server.onclose = done;
    process.stdin.once('end', done);
  });
}
