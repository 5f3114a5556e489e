/**
 * The notebook cells of a lesson (Cell.astro, ApplyCell.astro): Run/Apply send the command to
 * the lesson's kernel on the cell's machine, number the run `[n]` and show the output as text
 * (textContent only: output is never parsed as HTML). Each run is saved with the lesson's
 * progress under the cell's key (`c<n>`, its place among the page's cells).
 */
import { lessonKernel } from '../kernel/lesson-kernel.ts';
import { execOn } from '../kernel/hosts.ts';
import { lessonProgress } from '../progress/client.ts';

/** The heredoc a manifest is applied with; the delimiter is quoted so nothing expands. */
export function applyCommand(manifest: string): string {
  const body = manifest.replace(/\s+$/, '');
  let delimiter = 'EOF';
  while (body.split('\n').includes(delimiter)) delimiter += '_';
  return `kubectl apply -f - <<'${delimiter}'\n${body}\n${delimiter}`;
}

/** The lines a cell runs, in order. */
function cellLines(cell: HTMLElement): string[] {
  if (cell.classList.contains('pw-apply')) {
    const text = cell.querySelector('textarea')?.value ?? '';
    return [applyCommand(text)];
  }
  return (cell.dataset.command ?? '').split('\n').filter((line) => line.trim() !== '');
}

/** Runs one cell; resolves with the last line's status (or -1 when the kernel failed). */
export async function runCell(cell: HTMLElement): Promise<number> {
  const kernel = lessonKernel();
  const count = cell.querySelector<HTMLElement>('.pw-cell-count');
  const output = cell.querySelector<HTMLElement>('.pw-cell-output');
  const button = cell.querySelector<HTMLButtonElement>('.pw-run');
  if (!output) return -1;
  cell.dataset.state = 'running';
  if (count) count.textContent = '[*]';
  if (button) button.disabled = true;
  output.hidden = false;
  output.textContent = '';
  const key = `c${[...document.querySelectorAll('.pw-cell')].indexOf(cell)}`;
  const text = cell.querySelector('textarea')?.value;
  if (text !== undefined) void lessonProgress().then((progress) => progress.cellText(key, text));
  let status = 0;
  try {
    for (const line of cellLines(cell)) {
      const report = await execOn(kernel, cell.dataset.on ?? '', line, (chunk) => {
        // Text nodes only: whatever the simulator prints is shown, never interpreted.
        output.append(document.createTextNode(chunk.text));
      });
      status = report.status;
    }
    const n = kernel.nextCount();
    if (count) count.textContent = `[${n}]`;
    cell.dataset.status = String(status);
    void lessonProgress().then((progress) => progress.cellRan(key, n, status, output.textContent ?? ''));
  } catch (error) {
    status = -1;
    output.append(document.createTextNode(`${error instanceof Error ? error.message : String(error)}\n`));
    if (count) count.textContent = '[!]';
  } finally {
    cell.dataset.state = 'done';
    if (button) button.disabled = false;
    if (output.textContent === '') output.hidden = true;
  }
  return status;
}

/** Clears every cell's count and output (after Reset lesson). */
export function clearCells(): void {
  for (const cell of document.querySelectorAll<HTMLElement>('.pw-cell')) {
    const count = cell.querySelector('.pw-cell-count');
    const output = cell.querySelector<HTMLElement>('.pw-cell-output');
    if (count) count.textContent = '[ ]';
    if (output) {
      output.textContent = '';
      output.hidden = true;
    }
    delete cell.dataset.state;
    delete cell.dataset.status;
  }
}

/** Runs every cell of the page in document order. */
export async function runAllCells(): Promise<void> {
  for (const cell of document.querySelectorAll<HTMLElement>('.pw-cell')) {
    if ((await runCell(cell)) === -1) return;
  }
}

// One delegated listener for all cells of the page.
document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest?.('.pw-run');
  const cell = button?.closest<HTMLElement>('.pw-cell');
  if (cell) void runCell(cell);
});
