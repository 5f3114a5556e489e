/**
 * The class table page (src/pages/class-table.astro): reads dropped or chosen files with the
 * File API and renders classTable's rows as an HTML table (text only: file contents are
 * never interpreted as HTML).
 */
import './buffer-global.ts';
import { classTable, type ClassTable } from './class-table.ts';

function render(target: HTMLElement, summary: HTMLElement, t: ClassTable): void {
  summary.textContent = `Workbook ${t.workbook}: ${t.rows.length} learner${t.rows.length === 1 ? '' : 's'}, ${t.columns.length} exercise${t.columns.length === 1 ? '' : 's'} passed by someone.`;
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  const th = (text: string, title?: string): void => {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = text;
    if (title) cell.title = title;
    head.append(cell);
  };
  th('Learner');
  for (const c of t.columns) th(c.exercise, c.lesson);
  th('Passed');
  th('Last commit (UTC)');
  const body = table.createTBody();
  for (const r of t.rows) {
    const row = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = r.learner;
    row.append(name);
    if (r.error !== undefined) {
      const cell = row.insertCell();
      cell.colSpan = t.columns.length + 2;
      cell.className = 'pw-fail';
      cell.textContent = `${r.file}: ${r.error}`;
      continue;
    }
    for (const c of t.columns) {
      const pass = r.passed[`${c.lesson}/${c.exercise}`];
      const cell = row.insertCell();
      cell.textContent = pass ? `✓ ${pass.at.slice(11, 16)}` : '·';
      if (pass) cell.title = `${pass.message} at ${pass.at}`;
    }
    row.insertCell().textContent = String(Object.keys(r.passed).length);
    row.insertCell().textContent = r.last.replace('T', ' ').slice(0, 16);
  }
  target.replaceChildren(table);
}

async function show(files: FileList | File[]): Promise<void> {
  const target = document.querySelector<HTMLElement>('.pw-class-table');
  const summary = document.querySelector<HTMLElement>('.pw-class-summary');
  if (!target || !summary) return;
  const read = await Promise.all([...files].filter((f) => /\.json$/i.test(f.name)).map(async (f) => ({ name: f.name, text: await f.text() })));
  if (read.length === 0) {
    summary.textContent = 'No .json files among those: export progress files are JSON.';
    return;
  }
  render(target, summary, classTable(read));
}

const drop = document.querySelector<HTMLElement>('.pw-drop');
const input = document.querySelector<HTMLInputElement>('.pw-drop-input');
input?.addEventListener('change', () => {
  if (input.files) void show(input.files);
});
drop?.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.dataset.over = '';
});
drop?.addEventListener('dragleave', () => delete drop.dataset.over);
drop?.addEventListener('drop', (event) => {
  event.preventDefault();
  delete drop.dataset.over;
  if (event.dataTransfer?.files) void show(event.dataTransfer.files);
});
