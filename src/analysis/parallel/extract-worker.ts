// Worker-thread entry (bundled on its own as dist/extract-worker.js): loads the grammar once, then parses and
// extracts the batches of files the main thread sends, and sends their facts back.
import { parentPort } from 'node:worker_threads';
import { loadParser } from '../parse/parser';
import { extractFile } from './extract-file';
import type { Batch, BatchResult } from './extract-pool';

const port = parentPort;
if (!port) throw new Error('extract-worker runs as a worker thread');
const parser = loadParser();
port.on('message', async (batch: Batch) => {
  const p = await parser;
  const result: BatchResult = { id: batch.id, extracted: batch.files.map((f) => extractFile(p, f.path, f.text)) };
  port.postMessage(result);
});
