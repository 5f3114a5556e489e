/**
 * The text equivalent under every picture: a real `<table>` with a header row, filled with
 * textContent only (simulator output is never parsed as HTML).
 */

/** Replaces the table's contents with `head` and `rows`. */
export function fillTable(table: HTMLTableElement, head: readonly string[], rows: readonly (readonly string[])[], mark?: (row: number) => string | undefined): void {
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = document.createElement('tbody');
  rows.forEach((row, i) => {
    const tr = document.createElement('tr');
    const cls = mark?.(i);
    if (cls) tr.className = cls;
    for (const cell of row) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    tbody.append(tr);
  });
  table.replaceChildren(thead, tbody);
}
