// The server's connection. Over stdio, a framing error must not leave a silent server: vscode-jsonrpc reports a
// header without Content-Length, a header line without ':' or a body that is not JSON, then never reads another
// message; and it waits forever for the rest of a body when the Content-Length is larger than what came. The
// server writes why to stderr and exits non-zero instead, so that the client sees it and can restart it.
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type DataCallback,
  type Disposable,
} from 'vscode-languageserver/node';

/** Reads stdin and remembers a `shutdown` request, for the exit code when the client closes the stream. */
class StdinReader extends StreamMessageReader {
  shutdownRequested = false;

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      if ((message as { method?: unknown }).method === 'shutdown') this.shutdownRequested = true;
      callback(message);
    });
  }
}

/** stdio (guarded as above) when argv says `--stdio`; node IPC, a socket or a pipe from argv otherwise. */
export function serverConnection(argv: readonly string[] = process.argv): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StdinReader(process.stdin);
  const fail = (why: string): never => {
    process.stderr.write(`otp-advisor lsp: ${why}; exiting so that the client can restart the server.\n`);
    process.exit(1);
  };
  reader.onError((error: unknown) => fail(`unreadable message from the client: ${firstLine(error)}`));
  // The reader's timer restarts with every chunk: this fires only when the stream stopped in the middle of a body.
  reader.onPartialMessage(({ waitingTime }) =>
    fail(`a message stopped arriving: ${Math.round(waitingTime / 1000)} s without the rest of the body its Content-Length announced`),
  );
  // With a stream the library does this itself; with a reader it is ours to do, once the last message is decoded.
  process.stdin.on('end', () => setImmediate(() => process.exit(reader.shutdownRequested ? 0 : 1)));
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
