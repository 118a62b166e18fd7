// Parses and extracts many files on every core: worker threads (dist/extract-worker.js, one grammar each) take
// batches of files from a queue, the calling thread takes batches too, and the results come back in input order,
// so a project built from them is the one a single thread builds. A pool keeps its workers between calls (the
// server reads a workspace project by project), so each grammar loads once.
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

interface Slice {
  start: number;
  files: SourceFile[];
}

function batches(files: SourceFile[], size: number): Slice[] {
  const out: Slice[] = [];
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
  /** Less text than this is read on this thread alone, unless the pool's workers already run (default: what a worker's start costs). */
  minParallelBytes?: number;
  /** The most text this thread reads between two turns of its event loop (default: a batch). */
  maxBatchBytes?: number;
  /** Told how many files are done so far. */
  onProgress?: (done: number) => void;
  /** Checked before each batch: once true, the files not started are left without a result. */
  cancelled?: () => boolean;
}

type Queue = { shift(): Slice | undefined; unshift(b: Slice): void };
type Finish = (start: number, extracted: Extracted[]) => void;

/** Worker threads kept between calls of `extract`; `close` ends them. */
export class ExtractPool {
  private readonly workers: Worker[] = [];
  private readonly script = workerScript();

  constructor(
    private readonly parser: Parser,
    readonly threads = defaultThreads(),
  ) {}

  /** Each file's facts, in the order given (none for a file left when cancelled), and how many threads read them. */
  async extract(files: SourceFile[], options: Omit<ExtractOptions, 'threads'> = {}): Promise<{ extracted: (Extracted | undefined)[]; threads: number }> {
    const { minParallelBytes = MIN_PARALLEL_BYTES, maxBatchBytes = BATCH_BYTES, onProgress, cancelled } = options;
    const results: (Extracted | undefined)[] = new Array(files.length);
    let done = 0;
    const finish: Finish = (start, extracted) => {
      extracted.forEach((x, i) => (results[start + i] = x));
      done += extracted.length;
      onProgress?.(done);
    };
    const bytes = files.reduce((n, f) => n + f.text.length, 0);
    // Several batches per thread even for little text, so a thread that falls behind leaves the rest to others.
    const all = batches(files, Math.max(MIN_BATCH_BYTES, Math.min(maxBatchBytes, bytes / (this.threads * 8))));
    // Emptied when cancelled, so no thread starts another batch.
    const queue: Queue = { shift: () => (cancelled?.() ? undefined : all.shift()), unshift: (b) => all.unshift(b) };
    const wanted = this.script && this.threads > 1 && (this.workers.length || bytes >= minParallelBytes) ? Math.max(0, Math.min(this.threads - 1, all.length - 1)) : 0;
    while (this.workers.length < wanted) this.workers.push(new Worker(this.script!));
    const lanes = this.workers.slice(0, wanted);
    let used = 1;
    const running = lanes.map((w) =>
      runLane(w, queue, finish).then((lane) => {
        if (lane === 'failed') this.drop(w);
        else if (lane === 'worked') used += 1;
      }),
    );
    const inline = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        finish(next.start, next.files.map((f) => extractFile(this.parser, f.path, f.text)));
        if (lanes.length || options.maxBatchBytes) await new Promise((r) => setImmediate(r));
      }
    };
    await inline();
    await Promise.all(running);
    // Batches a failed worker gave back.
    await inline();
    return { extracted: results, threads: used };
  }

  /** Starts the workers once `bytes` of text are on their way: worth a worker's start, which overlaps what comes before. */
  warm(bytes: number): void {
    if (!this.workers.length && this.script && this.threads > 1 && bytes >= MIN_PARALLEL_BYTES) {
      for (let i = 1; i < this.threads; i++) this.workers.push(new Worker(this.script));
    }
  }

  private drop(worker: Worker): void {
    this.workers.splice(this.workers.indexOf(worker), 1);
    void worker.terminate();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/** Each file's facts with threads started for this call alone. */
export async function extractAll(parser: Parser, files: SourceFile[], options: ExtractOptions = {}): Promise<{ extracted: (Extracted | undefined)[]; threads: number }> {
  const pool = new ExtractPool(parser, options.threads);
  try {
    return await pool.extract(files, options);
  } finally {
    await pool.close();
  }
}

/**
 * One worker taking batches until the queue is empty; the batches it fails on go back to the queue for this thread.
 * Two batches are in flight, so the worker does not wait for this thread (busy with a batch of its own) to hand it
 * the next one. Resolves to whether it read any batch, or failed (it is then dropped from the pool).
 */
function runLane(worker: Worker, queue: Queue, finish: Finish): Promise<'worked' | 'idle' | 'failed'> {
  return new Promise((resolve) => {
    const inFlight = new Map<number, Slice>();
    let worked = false;
    const end = (failed: boolean): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve(failed ? 'failed' : worked ? 'worked' : 'idle');
    };
    const send = (): void => {
      const next = queue.shift();
      if (next) {
        inFlight.set(next.start, next);
        worker.postMessage({ id: next.start, files: next.files } satisfies Batch);
      } else if (!inFlight.size) end(false);
    };
    const onMessage = (r: BatchResult): void => {
      worked = true;
      inFlight.delete(r.id);
      finish(r.id, r.extracted);
      send();
    };
    const onError = (): void => {
      for (const b of inFlight.values()) queue.unshift(b);
      inFlight.clear();
      end(true);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    send();
    send();
  });
}
