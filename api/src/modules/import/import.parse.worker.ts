import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { DATASETS, type ImportDataset } from './import.datasets';
import { type ParsedRow, parseFile, ParseError, type ParseLimits } from './import.parse';

/**
 * The parsing worker thread: reads the file and posts its rows in batches, so a 50 MB workbook never
 * blocks the hub's event loop. The main thread grants credit (one message per batch it has taken), so
 * rows never pile up in memory faster than they are validated.
 */
interface Input {
  buffer: Uint8Array;
  fileName: string;
  dataset: ImportDataset;
  limits: ParseLimits;
  batchSize: number;
}

const input = workerData as Input;
const port = parentPort!;
let credit = 2;
let wake: (() => void) | undefined;
port.on('message', (m: { type: string }) => {
  if (m.type === 'more') {
    credit++;
    wake?.();
  }
});

let batch: ParsedRow[] = [];
// The first batches are small, so the first rows (and refusals) are validated and shown within seconds.
let size = Math.min(250, input.batchSize);
const queue: ParsedRow[][] = [];

async function drain(): Promise<void> {
  while (queue.length) {
    while (credit <= 0) await new Promise<void>((r) => (wake = r));
    credit--;
    port.postMessage({ type: 'rows', rows: queue.shift(), heap: process.env.HUB_IMPORT_PROFILE ? getHeapStatistics().total_heap_size : undefined });
  }
}

(async () => {
  try {
    const buf = Buffer.from(input.buffer.buffer, input.buffer.byteOffset, input.buffer.byteLength);
    const total = await parseFile(
      buf,
      input.fileName,
      DATASETS[input.dataset],
      input.limits,
      (h) => port.postMessage({ type: 'header', header: h }),
      (r) => {
        batch.push(r);
        if (batch.length >= size) {
          queue.push(batch);
          batch = [];
          size = Math.min(size * 2, input.batchSize);
          return drain();
        }
      },
    );
    if (batch.length) queue.push(batch);
    await drain();
    port.postMessage({ type: 'done', total });
  } catch (e) {
    if (e instanceof ParseError) port.postMessage({ type: 'error', code: e.code, params: e.params });
    else port.postMessage({ type: 'error', code: 'IMPORT_BAD_FILE', params: { detail: 'CORRUPT' }, message: String((e as Error)?.message ?? e) });
  }
})();
