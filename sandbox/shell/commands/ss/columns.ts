/**
 * ss's column layout (iproute2 6.1 misc/ss.c, its `columns[]` table and render()): every
 * column is as wide as its widest cell or its header; Recv-Q, Send-Q and the ports are
 * left-aligned, the addresses (header "Local Address:" / "Peer Address:") right-aligned; a
 * column is preceded by its delimiter (one space, none before Netid, the ports and Process).
 * Netid is shown only when more than one socket table is listed. Output that is not a
 * terminal gets no spare width spread between columns, which is what the captures in
 * tests/fixtures/node-tools/captures/ (ss-*.txt) show and what the sandbox prints.
 */

/** One row: netid, state, recv-q, send-q, local address (with its colon), local port, peer address, peer port, process. */
export type SsRow = [string, string, string, string, string, string, string, string, string];

const HEADERS: SsRow = ['Netid', 'State', 'Recv-Q', 'Send-Q', 'Local Address:', 'Port', 'Peer Address:', 'Port', 'Process'];
const DELIM = ['', ' ', ' ', ' ', ' ', '', ' ', '', ''];
const RIGHT = [false, false, false, false, true, false, true, false, false];

/** The table as ss renders it (with the header unless `noHeader`, ss -H). */
export function renderSs(rows: SsRow[], showNetid: boolean, noHeader: boolean): string {
  const all = noHeader ? rows : [HEADERS, ...rows];
  const cols = HEADERS.map((_, i) => i).filter((i) => i !== 0 || showNetid);
  const width = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  let out = '';
  for (const r of all) {
    let line = '';
    cols.forEach((i, k) => {
      const cell = r[i]!;
      // The header's last cell is printed as it is; data cells are padded to the column.
      const w = r === HEADERS && k === cols.length - 1 ? 0 : width[i]!;
      line += (k === 0 ? '' : DELIM[i]) + (RIGHT[i] ? cell.padStart(w) : cell.padEnd(w));
    });
    out += line + '\n';
  }
  return out;
}
