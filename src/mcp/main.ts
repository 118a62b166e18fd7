// dist/mcp.js: the MCP server alone, as VS Code starts it from the extension (the CLI's `mcp` command does the same).
import { serveStdio } from './server';

declare const OTP_ADVISOR_VERSION: string | undefined;

void serveStdio({ version: typeof OTP_ADVISOR_VERSION === 'string' ? OTP_ADVISOR_VERSION : '0.0.0-dev', roots: [process.cwd()] });
