// Entry point of the bundled language server (dist/server.js): stdio, node IPC or a socket, from argv.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
