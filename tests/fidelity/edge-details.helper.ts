// The edge-details captures: real output from tests/fixtures/edge-details/lab.sh (a copy of
// the reference lab with namespaces named edl-*, `lab.sh capture-edge`), for the issue-13
// item-6 details a namespace can show.
import { readFileSync } from 'node:fs';

const DIR = new URL('../fixtures/edge-details/golden/', import.meta.url).pathname;

/** An edge-details capture's stdout or stderr, with the lab's namespace names as the reference lab's (lab-*). */
export const edgeGolden = (name: string, stream: 'stdout' | 'stderr' = 'stdout'): string =>
  readFileSync(`${DIR}${name.replace(/^lab-/, 'edl-')}${stream === 'stderr' ? '.stderr' : ''}.txt`, 'utf8').replace(/\bedl-/g, 'lab-');

/** Masks traceroute's round-trip times. */
export const maskRtt = (text: string): string => text.replace(/\d+\.\d{3} ms/g, 'T ms');
