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
const MIN_BATCH_BYTES = 16_000;
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

function batches(files: SourceFile[], size: number): { start: number; files: SourceFile[] }[] {
  const out: { start: number; files: SourceFile[] }[] = [];
  let bytes = 0;
  files.forEach((f, i) => {
    if (!out.length || bytes >= size) {
      out.push({ start: i, files: [] });
      bytes = 0;
    }
    out[out.length - 1].files.push(f);
    bytes += f.text.length;
  });
  return out;
}

export interface ExtractOptions {
  /** Threads to share the work, this one included (default: defaultThreads()). */
  threads?: number;
  /** Less text than this is read on this thread alone (default: what a worker's start costs). */
  minParallelBytes?: number;
  /** Told how many files are done so far. */
  onProgress?: (done: number) => void;
  /** Checked before each batch: once true, the files not started are left without a result. */
  cancelled?: () => boolean;
}

/** Each file's facts, in the order given (none for a file left when cancelled), and how many threads read them. */
export async function extractAll(parser: Parser, files: SourceFile[], options: ExtractOptions = {}): Promise<{ extracted: (Extracted | undefined)[]; threads: number }> {
  const { threads = defaultThreads(), minParallelBytes = MIN_PARALLEL_BYTES, onProgress, cancelled } = options;
  const results: (Extracted | undefined)[] = new Array(files.length);
  let done = 0;
  const finish = (start: number, extracted: Extracted[]): void => {
    extracted.forEach((x, i) => (results[start + i] = x));
    done += extracted.length;
    onProgress?.(done);
  };
  const script = workerScript();
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  // Several batches per thread even for little text, so a thread that falls behind leaves the rest to others.
  const all = batches(files, Math.max(MIN_BATCH_BYTES, Math.min(BATCH_BYTES, bytes / (threads * 8))));
  // Emptied when cancelled, so no thread starts another batch.
  const queue = { shift: () => (cancelled?.() ? undefined : all.shift()), unshift: (b: (typeof all)[number]) => all.unshift(b) };
  const workers = script && threads > 1 && bytes >= minParallelBytes ? Math.min(threads - 1, all.length - 1) : 0;
  let used = 1;
  const running: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) running.push(runWorker(script!, queue, finish).then((worked) => void (used += worked ? 1 : 0)));
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
  return { extracted: results, threads: used };
}

/**
 * One worker taking batches until the queue is empty; the batches it fails on go back to the queue for this thread.
 * Two batches are in flight, so the worker does not wait for this thread (busy with a batch of its own) to hand it
 * the next one. Resolves to whether it read any batch.
 */
function runWorker(script: string, queue: Pick<{ start: number; files: SourceFile[] }[], 'shift' | 'unshift'>, finish: (start: number, extracted: Extracted[]) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const worker = new Worker(script);
    const inFlight = new Map<number, { start: number; files: SourceFile[] }>();
    let worked = false;
    const send = (): void => {
      const next = queue.shift();
      if (next) {
        inFlight.set(next.start, next);
        worker.postMessage({ id: next.start, files: next.files } satisfies Batch);
      } else if (!inFlight.size) void worker.terminate().then(() => resolve(worked));
    };
    worker.on('message', (r: BatchResult) => {
      worked = true;
      inFlight.delete(r.id);
      finish(r.id, r.extracted);
      send();
    });
    worker.on('error', () => {
      for (const b of inFlight.values()) queue.unshift(b);
      inFlight.clear();
      resolve(worked);
    });
    send();
    send();
  });
}
