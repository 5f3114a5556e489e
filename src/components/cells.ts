/**
 * The notebook cells of a lesson (Cell.astro, ApplyCell.astro): Run/Apply send the command to
 * the lesson's kernel on the cell's machine, in the first terminal's shell session, so a cell
 * waits behind a line running there (a `ping`) and says so; Stop takes a waiting cell out of
 * the queue, or interrupts a running one as Ctrl-C does. A finished run is numbered `[n]` and
 * its output shown as text (textContent only: output is never parsed as HTML).
 *
 * Created by the lesson's composition root (src/lesson/page.ts), which passes the kernel and
 * what to do with a run (save it with the lesson's progress under the cell's key: `c<n>`, its
 * place among the page's cells).
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { CellRecord } from '../progress/record.ts';

/** The heredoc a manifest is applied with; the delimiter is quoted so nothing expands. */
export function applyCommand(manifest: string): string {
  const body = manifest.replace(/\s+$/, '');
  let delimiter = 'EOF';
  while (body.split('\n').includes(delimiter)) delimiter += '_';
  return `kubectl apply -f - <<'${delimiter}'\n${body}\n${delimiter}`;
}

/** Virtual ms as the cell's status says them: `30 s`, `2.5 s`. */
const formatSeconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** The lines a cell runs, in order. */
function cellLines(cell: HTMLElement): string[] {
  if (cell.classList.contains('pw-apply')) {
    const text = cell.querySelector('textarea')?.value ?? '';
    return [applyCommand(text)];
  }
  return (cell.dataset.command ?? '').split('\n').filter((line) => line.trim() !== '');
}

export interface CellEvents {
  /** An apply cell's text is about to be applied. */
  text(key: string, text: string): void;
  /** A cell finished: its count, status and output. */
  ran(key: string, count: number, status: number, output: string): void;
}

export interface Cells {
  /** Runs one cell; resolves with the last line's status (-1 when the kernel failed, 130 when stopped). */
  run(cell: HTMLElement): Promise<number>;
  /** Runs every cell of the page in document order; stops at a failed or stopped one. */
  runAll(): Promise<void>;
  /** Clears every cell's count and output (after Reset lesson). */
  clear(): void;
  /** Shows saved runs and edited manifests (a reload with saved progress). */
  restore(cells: Record<string, CellRecord>, manifests: Record<string, string>): void;
}

/** Exit status of a command ended by SIGINT (128 + 2), as bash reports it. */
const STOPPED = 130;

export function createCells(document: Document, kernel: Kernel, events: CellEvents): Cells {
  const all = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('.pw-cell')];
  const keyOf = (cell: HTMLElement): string => `c${all().indexOf(cell)}`;
  const stops = new WeakMap<HTMLElement, AbortController>();

  /** Each cell's Stop button and its status line, rendered here beside Run. */
  const parts = (cell: HTMLElement): { stop: HTMLButtonElement; status: HTMLElement } => {
    let stop = cell.querySelector<HTMLButtonElement>('.pw-stop');
    let status = cell.querySelector<HTMLElement>('.pw-cell-state');
    if (!stop || !status) {
      const head = cell.querySelector('.pw-cell-head') ?? cell;
      stop = document.createElement('button');
      stop.type = 'button';
      stop.className = 'pw-stop';
      stop.textContent = 'Stop';
      stop.hidden = true;
      status = document.createElement('span');
      status.className = 'pw-cell-state';
      status.setAttribute('role', 'status');
      head.append(stop);
      cell.querySelector('.pw-cell-head')?.after(status) ?? cell.append(status);
    }
    return { stop, status };
  };

  const run = async (cell: HTMLElement): Promise<number> => {
    const count = cell.querySelector<HTMLElement>('.pw-cell-count');
    const output = cell.querySelector<HTMLElement>('.pw-cell-output');
    const button = cell.querySelector<HTMLButtonElement>('.pw-run');
    if (!output || stops.has(cell)) return -1;
    const { stop, status: say } = parts(cell);
    const controller = new AbortController();
    stops.set(cell, controller);
    const busy = kernel.running('1');
    cell.dataset.state = busy ? 'queued' : 'running';
    say.textContent = busy ? `Waiting for Terminal 1 (running: ${busy.split('\n')[0]})` : 'Running…';
    if (count) count.textContent = '[*]';
    if (button) button.disabled = true;
    stop.hidden = false;
    output.hidden = false;
    output.textContent = '';
    const key = keyOf(cell);
    const text = cell.querySelector('textarea')?.value;
    if (text !== undefined) events.text(key, text);
    let status = 0;
    // Virtual ms the lines took: a cell's waits pass at once, so its status says how long.
    let simulated = 0;
    try {
      for (const line of cellLines(cell)) {
        const on = cell.dataset.on ?? '';
        // In the first terminal's session, on the cell's machine (as `ssh MACHINE 'line'`,
        // leaving the terminal where it stands).
        const report = await kernel.exec(line, (chunk) => {
          // Text nodes only: whatever the simulator prints is shown, never interpreted.
          output.append(document.createTextNode(chunk.text));
        }, {
          ...(on === '' ? {} : { on }),
          // A notebook cell runs in virtual time (`sleep 30` does not hold up Run all); what
          // the learner types in the terminal stays paced.
          instant: true,
          signal: controller.signal,
          onStart: () => {
            cell.dataset.state = 'running';
            say.textContent = 'Running…';
          },
        });
        status = report.status;
        simulated += report.entry?.ms ?? 0;
        if (report.entry?.interrupted) break;
      }
      const n = kernel.nextCount();
      if (count) count.textContent = `[${n}]`;
      cell.dataset.status = String(status);
      say.textContent = controller.signal.aborted ? 'Stopped.' : simulated >= 1000 ? `${formatSeconds(simulated)} of simulated time passed.` : '';
      events.ran(key, n, status, output.textContent ?? '');
    } catch (error) {
      if (controller.signal.aborted) {
        status = STOPPED;
        say.textContent = 'Stopped before it ran.';
        if (count) count.textContent = '[ ]';
      } else {
        status = -1;
        output.append(document.createTextNode(`${error instanceof Error ? error.message : String(error)}\n`));
        if (count) count.textContent = '[!]';
        say.textContent = '';
      }
    } finally {
      stops.delete(cell);
      cell.dataset.state = 'done';
      stop.hidden = true;
      if (button) button.disabled = false;
      if (output.textContent === '') output.hidden = true;
    }
    return controller.signal.aborted ? STOPPED : status;
  };

  // One delegated listener for all cells of the page: Run and Stop.
  document.addEventListener('click', (event) => {
    const target = (event.target as Element | null)?.closest?.('.pw-run, .pw-stop');
    const cell = target?.closest<HTMLElement>('.pw-cell');
    if (!target || !cell) return;
    if (target.classList.contains('pw-stop')) stops.get(cell)?.abort();
    else void run(cell);
  });

  return {
    run,
    async runAll() {
      for (const cell of all()) {
        const status = await run(cell);
        if (status === -1 || status === STOPPED) return;
      }
    },
    clear() {
      for (const cell of all()) {
        const count = cell.querySelector('.pw-cell-count');
        const output = cell.querySelector<HTMLElement>('.pw-cell-output');
        if (count) count.textContent = '[ ]';
        if (output) {
          output.textContent = '';
          output.hidden = true;
        }
        const status = cell.querySelector('.pw-cell-state');
        if (status) status.textContent = '';
        delete cell.dataset.state;
        delete cell.dataset.status;
      }
      for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('.pw-cell textarea')) textarea.value = textarea.defaultValue;
    },
    restore(saved, manifests) {
      let maxCount = 0;
      all().forEach((cell, i) => {
        const run = saved[`c${i}`];
        const textarea = cell.querySelector('textarea');
        const text = manifests[`c${i}`];
        if (textarea && text !== undefined) textarea.value = text;
        if (!run) return;
        const count = cell.querySelector('.pw-cell-count');
        const output = cell.querySelector<HTMLElement>('.pw-cell-output');
        if (count) count.textContent = `[${run.count}]`;
        if (output) {
          output.textContent = run.output;
          output.hidden = run.output === '';
        }
        cell.dataset.state = 'done';
        cell.dataset.status = String(run.status);
        maxCount = Math.max(maxCount, run.count);
      });
      kernel.countFrom(maxCount);
    },
  };
}
