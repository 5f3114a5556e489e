/**
 * What a CNI plugin prints (containernetworking/cni SPEC.md "Result" and "Error";
 * pkg/types/040 and pkg/types/100 as containernetworking/plugins v1.1.1 builds them). A
 * result is printed in the version the network config asked for, with Go's
 * json.MarshalIndent and four spaces, fields in struct order (cniVersion, interfaces, ips,
 * routes, dns) and `"dns": {}` even when empty; 0.3.x and 0.4.0 give each IP a
 * `"version": "4"`, 1.0.0 does not. An error is `{code, msg, details}` (types.Error), also
 * indented; neither ends with a newline. tests/fixtures/cni holds real captures of both.
 */

/** The CNI versions the plugins of containernetworking/plugins v1.1 accept (version.All). */
export const SUPPORTED_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'] as const;

/** One interface the plugin created or knows (`sandbox` for the one inside the container). */
export interface CniInterface {
  name: string;
  mac?: string;
  sandbox?: string;
}

/** One address: its interface's index in `interfaces`, CIDR and gateway. */
export interface CniIp {
  interface?: number;
  address: string;
  gateway?: string;
}

/** One route for the container (`gw` empty: via the address's gateway). */
export interface CniRoute {
  dst: string;
  gw?: string;
}

/** A plugin's result (types100.Result). */
export interface CniResult {
  cniVersion: string;
  interfaces: CniInterface[];
  ips: CniIp[];
  routes: CniRoute[];
  dns: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
}

/** The spec's well-known error codes (pkg/types/types.go). */
export const CNI_ERR = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  unknownContainer: 3,
  invalidEnvironment: 4,
  ioFailure: 5,
  decodingFailure: 6,
  invalidNetworkConfig: 7,
  invalidNetns: 8,
  tryAgainLater: 11,
  internal: 999,
} as const;

/** A plugin's error (types.Error). */
export interface CniError {
  code: number;
  msg: string;
  details?: string;
}

/** An error with the spec's code (`internal` for a plugin's own failures, as skel wraps them). */
export const cniError = (msg: string, code: number = CNI_ERR.internal, details?: string): CniError =>
  ({ code, msg, ...(details ? { details } : {}) });

/** types.Error.Error(): the message, then `; details` when there are details. */
export const errorText = (e: CniError): string => (e.details ? `${e.msg}; ${e.details}` : e.msg);

/** The result as the plugin prints it for `version` (the config's cniVersion). */
export function formatResult(r: CniResult, version: string): string {
  const v: string = version || '1.0.0';
  const withVersion = !v.startsWith('1.');
  const obj: Record<string, unknown> = {
    cniVersion: v,
    ...(r.interfaces.length ? { interfaces: r.interfaces } : {}),
    ...(r.ips.length ? {
      ips: r.ips.map((ip) => ({ ...(withVersion ? { version: '4' } : {}), ...(ip.interface === undefined ? {} : { interface: ip.interface }), address: ip.address, ...(ip.gateway ? { gateway: ip.gateway } : {}) })),
    } : {}),
    ...(r.routes.length ? { routes: r.routes } : {}),
    dns: r.dns,
  };
  return JSON.stringify(obj, null, 4);
}

/** The error as the plugin prints it. */
export const formatError = (e: CniError): string => JSON.stringify(e, null, 4);

/** Reads a previous result back (a conflist's prevResult); undefined when it is not one. */
export function parseResult(v: unknown): CniResult | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const arr = <T>(x: unknown): T[] => (Array.isArray(x) ? (x as T[]) : []);
  return {
    cniVersion: typeof o.cniVersion === 'string' ? o.cniVersion : '',
    interfaces: arr<CniInterface>(o.interfaces).filter((i) => i && typeof i.name === 'string'),
    ips: arr<CniIp>(o.ips).filter((i) => i && typeof i.address === 'string'),
    routes: arr<CniRoute>(o.routes).filter((r) => r && typeof r.dst === 'string'),
    dns: o.dns && typeof o.dns === 'object' ? (o.dns as CniResult['dns']) : {},
  };
}
