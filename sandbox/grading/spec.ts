/**
 * Exercise specs: what a lesson's frontmatter declares for each graded exercise. The zod
 * descriptions double as the authoring documentation (content/README.md points here), and a
 * bad spec fails the build naming the field.
 */
import { z } from 'zod';

/**
 * The schemas, built on first use: the site's worker grades specs the build validated, and a
 * cold start should not pay tens of milliseconds for schemas nothing has asked for yet.
 */
function define() {
  /**
   * Where a probe starts: a machine (`node-1`, `lab-n1-pa`), a pod (`pod/NAME` in namespace
   * default, `pod/NAMESPACE/NAME`), or a named namespace (`netns/MACHINE/NAME`, from `ip netns add`).
   */
  const Source = z.string().min(1).describe('Where the probe starts: a machine name (node-1), pod/NAME, pod/NAMESPACE/NAME, or netns/MACHINE/NAME (a namespace made with ip netns add NAME on MACHINE)');

  /**
   * Where a probe goes: `IP:PORT`, `service/[NAMESPACE/]NAME:PORT`, `pod/[NAMESPACE/]NAME:PORT`,
   * or a DNS name with a port (resolved by the source's resolver, as curl would).
   */
  const Target = z.string().min(1).describe('Where the probe goes: IP:PORT, service/[NS/]NAME:PORT, pod/[NS/]NAME:PORT or NAME:PORT');

  /** Can `from` open a connection to `to`? Sent as real packets through a copy of the cluster. */
  const ReachCheck = z.object({
    reach: z.object({
      from: Source,
      to: Target,
      proto: z.enum(['tcp', 'udp', 'icmp']).default('tcp').describe('Protocol of the probe (icmp ignores the port)'),
    }).strict(),
    expect: z.boolean().default(true).describe('true: the connection must succeed; false: it must fail'),
    guard: z.boolean().optional().describe('A guard rail: holds at the start and must keep holding (it catches a fix that breaks more than it mends); check-lessons reports any other check that already passes at the start'),
  }).strict();

  /**
   * Does an HTTP GET from `from` to `to` (with the Host header `host`) get a 2xx/3xx answer?
   * Sent as real packets through a copy of the cluster, as curl -H 'Host: ...' would.
   */
  const HttpCheck = z.object({
    http: z.object({
      from: Source,
      to: Target,
      host: z.string().optional().describe('Host header (default: the host part of to), as curl -H "Host: NAME"'),
      path: z.string().regex(/^\//).default('/').describe('Request path'),
      contains: z.string().optional().describe('Text the answer body must contain (which backend answered)'),
    }).strict(),
    expect: z.boolean().default(true).describe('true: the answer must be 2xx or 3xx; false: it must not'),
    guard: z.boolean().optional().describe('A guard rail: holds at the start and must keep holding (it catches a fix that breaks more than it mends); check-lessons reports any other check that already passes at the start'),
  }).strict();
  /** Does the server see the client's own address (no SNAT on the way)? */
  const SeesClientCheck = z.object({
    seesClient: z.object({ from: Source, to: Target }).strict(),
  }).strict();
  /** Has a Deployment replaced a deleted pod (all its pods running, one newer than itself)? */
  const ReplacedCheck = z.object({
    replaced: z.object({
      name: z.string().min(1).describe('The Deployment'),
      namespace: z.string().default('default'),
    }).strict(),
  }).strict();
  /** Is there (or is there not) a route for `dst` on a machine? */
  const RouteCheck = z.object({
    route: z.object({
      on: z.string().min(1).describe('Machine whose main routing table is checked'),
      dst: z.string().min(1).describe('Destination prefix as ip route prints it (10.244.2.0/24, default)'),
      via: z.string().optional().describe('Required gateway, if any'),
      dev: z.string().optional().describe('Required output device, if any'),
    }).strict(),
    expect: z.boolean().default(true).describe('true: such a route must exist; false: it must not'),
    guard: z.boolean().optional().describe('A guard rail: holds at the start and must keep holding (it catches a fix that breaks more than it mends); check-lessons reports any other check that already passes at the start'),
  }).strict();

  /** Does a Kubernetes object exist, and does a field have a value? */
  const ObjectCheck = z.object({
    object: z.object({
      kind: z.string().min(1).describe('API kind (Service, NetworkPolicy, Pod ...)'),
      name: z.string().min(1),
      namespace: z.string().default('default'),
      path: z.string().optional().describe('Dotted field path (spec.ports.0.targetPort); omit to test existence'),
      equals: z.union([z.string(), z.number(), z.boolean()]).optional().describe('Required value at path'),
    }).strict(),
    expect: z.boolean().default(true).describe('true: must exist (and match); false: must not'),
    guard: z.boolean().optional().describe('A guard rail: holds at the start and must keep holding (it catches a fix that breaks more than it mends); check-lessons reports any other check that already passes at the start'),
  }).strict();

  /** One check of an exercise. */
  const Check = z.union([ReachCheck, HttpCheck, SeesClientCheck, RouteCheck, ReplacedCheck, ObjectCheck]);

  /** One graded exercise. */
  const Exercise = z.object({
    id: z.string().regex(/^[a-z0-9-]+$/).describe('Stable id, unique in the lesson (kebab-case): progress is stored under it'),
    title: z.string().min(1).describe('Short imperative title shown above the Check button'),
    checks: z.array(Check).min(1).describe('All must pass for the exercise to be done'),
    hints: z.array(z.string()).default([]).describe('Progressive hints, revealed one at a time'),
    solution: z.object({
      on: z.string().min(1).describe('Machine the solution commands run on'),
      commands: z.array(z.string().min(1)).min(1).describe('Reference solution: command lines that make every check pass'),
    }).strict().describe('The reference solution; npm run check-lessons proves it works'),
  }).strict();

  return { Check, Exercise };
}

type Schemas = ReturnType<typeof define>;
let defined: Schemas | undefined;

/** One check of an exercise (z.lazy: built on the first parse). */
export const Check = z.lazy(() => (defined ??= define()).Check);
/** One graded exercise (z.lazy: built on the first parse). */
export const Exercise = z.lazy(() => (defined ??= define()).Exercise);

export type ExerciseSpec = z.infer<Schemas['Exercise']>;
export type CheckSpec = z.infer<Schemas['Check']>;
