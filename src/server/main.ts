// Entry point of the bundled language server (dist/server.js): stdio, node IPC or a socket, from argv.
import { startServer } from './server';
import { serverConnection } from './transport';

startServer(serverConnection());
