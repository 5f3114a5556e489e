// Shared by the traffic fidelity suites: the reference-lab scenario with shells standing on
// its machines, captures run the way lab.sh ran them (tcpdump started first, the traffic
// from another shell, then Ctrl-C), the golden files, and the normalisation of what no
// simulator can know (timestamps, ephemeral ports, ISNs, TS values, IP ids, rtts, counters).
import { readFileSync } from 'node:fs';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell, type Shell } from '../../sandbox/shell/session.ts';
import type { World } from '../../sandbox/fabric/world.ts';

const GOLDEN = new URL('../../../shared/reference-lab/golden/', import.meta.url).pathname;

/** A golden capture's stdout, or its stderr. */
export const golden = (name: string, stream: 'stdout' | 'stderr' = 'stdout'): string =>
  readFileSync(`${GOLDEN}${name}${stream === 'stderr' ? '.stderr' : ''}.txt`, 'utf8');

/** The reference lab booted for `seed`. */
export function lab(seed = 1): World {
  const r = bootScenario(scenarioText('reference-lab')!, seed);
  if (typeof r === 'string') throw new Error(r);
  return r.world;
}

/** Output of one command line. */
export interface Ran {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs `line` on machine `on` of `world`. */
export async function run(world: World, on: string, line: string, shell?: Shell): Promise<Ran> {
  const sh = shell ?? createShell(world, on);
  let stdout = '';
  let stderr = '';
  const { status } = await sh.exec(line, (c) => {
    if (c.stream === 'stdout') stdout += c.text;
    else stderr += c.text;
  });
  return { stdout, stderr, status };
}

/**
 * Starts `capture` on `on`, waits until it listens, runs `traffic` on `from`, then presses
 * Ctrl-C in the capturing shell (lab.sh: tcpdump in the background, curl, kill -INT).
 */
export async function during(world: World, on: string, capture: string, from: string, traffic: string): Promise<{ cap: Ran; traffic: Ran }> {
  const sh = createShell(world, on);
  let stdout = '';
  let stderr = '';
  const p = sh.exec(capture, (c) => {
    if (c.stream === 'stdout') stdout += c.text;
    else stderr += c.text;
  });
  for (let i = 0; i < 100 && !/listening|Listening/.test(stderr); i++) await new Promise((r) => setTimeout(r, 0));
  const t = await run(world, from, traffic);
  sh.interrupt();
  const { status } = await p;
  return { cap: { stdout, stderr, status }, traffic: t };
}

/** Masks what varies between runs in tcpdump output (README "What varies"). */
export function maskTcpdump(text: string): string {
  return text
    .replace(/^\d\d:\d\d:\d\d\.\d{6}/gm, 'HH:MM:SS.us')
    .replace(/(\d+\.\d+\.\d+\.\d+)\.(\d{4,5})\b/g, (all, ip: string, port: string) => (['8080', '8472', '30080'].includes(port) ? all : `${ip}.PORT`))
    .replace(/\b(seq|ack) (\d{4,})/g, '$1 N')
    .replace(/TS val \d+ ecr (\d+)/g, (_a, ecr: string) => `TS val V ecr ${ecr === '0' ? '0' : 'E'}`)
    .replace(/\bid [1-9]\d*/g, 'id N')
    .replace(/incorrect -> 0x[0-9a-f]+/g, 'incorrect -> 0xSUM')
    .replace(/^\d+ packets received by filter/m, 'N packets received by filter');
}

/** Masks ports after "you are IP:" and dates in HTTP answers. */
export function maskHttp(text: string): string {
  return text.replace(/(you are [\d.]+):\d+/g, '$1:PORT').replace(/^(<? ?Date: ).*\r$/gm, '$1DATE\r');
}
