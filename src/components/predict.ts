/**
 * Predict cells (Predict.astro): the learner's answer goes to the worker with the question;
 * the simulator answers from the live cluster and judges (sandbox predict). The verdict shows
 * the cluster's answer and how it found it, then the cell's command runs to show the evidence.
 */
import { lessonKernel } from '../kernel/lesson-kernel.ts';

/** The learner's answer in a predict cell ('' when none). */
function givenAnswer(cell: HTMLElement): string {
  const chosen = cell.querySelector<HTMLInputElement>('input[type="radio"]:checked');
  if (chosen) return chosen.value;
  return cell.querySelector<HTMLInputElement>('.pw-predict-input')?.value.trim() ?? '';
}

/** Grades the answer, shows the verdict, runs the command. */
export async function answerPredict(cell: HTMLElement): Promise<void> {
  const verdict = cell.querySelector<HTMLElement>('.pw-predict-verdict');
  const output = cell.querySelector<HTMLElement>('.pw-predict-output');
  const submit = cell.querySelector<HTMLButtonElement>('.pw-predict-submit');
  if (!verdict || !output) return;
  const given = givenAnswer(cell);
  verdict.hidden = false;
  if (given === '') {
    verdict.className = 'pw-predict-verdict';
    verdict.textContent = 'Choose or type an answer first: the point is to predict before you look.';
    return;
  }
  if (submit) submit.disabled = true;
  cell.dataset.state = 'running';
  try {
    const kernel = lessonKernel();
    const result = await kernel.predict(JSON.parse(cell.dataset.ask ?? 'null'), given);
    if (!result.ok) {
      verdict.className = 'pw-predict-verdict';
      verdict.textContent = `The cluster cannot answer this right now (run the cells above it first?): ${result.error}`;
    } else {
      verdict.className = `pw-predict-verdict ${result.correct ? 'pw-pass' : 'pw-fail'}`;
      verdict.textContent = result.correct
        ? `✓ Right: ${result.answer}. (${result.because})`
        : `✗ You said ${given}; the cluster says ${result.answer}. (${result.because})`;
      cell.dataset.correct = String(result.correct === true);
    }
    const command = cell.dataset.command ?? '';
    if (command !== '') {
      output.hidden = false;
      output.textContent = '';
      const on = cell.dataset.on ?? '';
      await kernel.exec(command, (chunk) => output.append(document.createTextNode(chunk.text)), on === '' ? { instant: true } : { on, instant: true });
    }
  } catch (error) {
    verdict.textContent = `Could not answer: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    cell.dataset.state = 'done';
    if (submit) submit.disabled = false;
  }
}

for (const cell of document.querySelectorAll<HTMLElement>('.pw-predict')) {
  cell.querySelector('form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    void answerPredict(cell);
  });
}
