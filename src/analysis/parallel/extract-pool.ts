// Parses and extracts many files on every core: worker threads (dist/extract-worker.js, one grammar each) take
// batches of files from a queue, the calling thread takes batches too, and the results come back in input order,
// so a project built from them is the one a single thread builds.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Parser } from '../parse/parser';
import { extractFile, type Extracted } from './extract-file';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Batch {
  id: number;
  files: SourceFile[];
}

export interface BatchResult {
  id: number;
  extracted: Extracted[];
}

/** Below this much text, starting a worker (≈ 100 ms to load the grammar) costs more than it saves. */
const MIN_PARALLEL_BYTES = 2_000_000;
/** Text per batch: small enough to share the tail of the work evenly, large enough that messages are few. */
const BATCH_BYTES = 256_000;
const MAX_THREADS = 8;

/** Threads to use: OTP_ADVISOR_JOBS if set (1 = this thread only), else one per core. */
export function defaultThreads(): number {
  const set = Number(process.env.OTP_ADVISOR_JOBS);
  if (Number.isInteger(set) && set >= 1) return Math.min(set, MAX_THREADS);
  return Math.min(availableParallelism(), MAX_THREADS);
}

/** The bundled worker beside this bundle; running from sources (tests of the library) there is none. */
function workerScript(): string | undefined {
  const script = join(__dirname, 'extract-worker.js');
  return existsSync(script) ? script : undefined;
}

function batches(files: SourceFile[]): { start: number; files: SourceFile[] }[] {
  const out: { start: number; files: SourceFile[] }[] = [];
  let bytes = 0;
  files.forEach((f, i) => {
    if (!out.length || bytes >= BATCH_BYTES) {
      out.push({ start: i, files: [] });
      bytes = 0;
    }
    out[out.length - 1].files.push(f);
    bytes += f.text.length;
  });
  return out;
}

/** Each file's facts, in the order given. `onProgress` hears how many files are done. */
export async function extractAll(parser: Parser, files: SourceFile[], threads = defaultThreads(), onProgress?: (done: number) => void): Promise<Extracted[]> {
  const results: Extracted[] = new Array(files.length);
  let done = 0;
  const finish = (start: number, extracted: Extracted[]): void => {
    extracted.forEach((x, i) => (results[start + i] = x));
    done += extracted.length;
    onProgress?.(done);
  };
  const script = workerScript();
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const queue = batches(files);
  const workers = script && threads > 1 && bytes >= MIN_PARALLEL_BYTES ? Math.min(threads - 1, queue.length - 1) : 0;
  const running: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) running.push(runWorker(script!, queue, finish));
  // This thread works too, one batch at a time, letting the workers' results in between.
  const inline = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      finish(next.start, next.files.map((f) => extractFile(parser, f.path, f.text)));
      if (workers) await new Promise((r) => setImmediate(r));
    }
  };
  await inline();
  await Promise.all(running);
  // Batches a failed worker gave back.
  await inline();
  return results;
}

/** One worker taking batches until the queue is empty; a batch it fails on goes back to the queue for this thread. */
function runWorker(script: string, queue: { start: number; files: SourceFile[] }[], finish: (start: number, extracted: Extracted[]) => void): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(script);
    let current: { start: number; files: SourceFile[] } | undefined;
    const next = (): void => {
      current = queue.shift();
      if (current) worker.postMessage({ id: current.start, files: current.files } satisfies Batch);
      else void worker.terminate().then(() => resolve());
    };
    worker.on('message', (r: BatchResult) => {
      finish(r.id, r.extracted);
      next();
    });
    worker.on('error', () => {
      if (current) queue.unshift(current);
      current = undefined;
      resolve();
    });
    next();
  });
}
