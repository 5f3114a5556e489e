/**
 * Which programs can serve a listening socket, by the name `Listener.serve.app` gives: the
 * net layer's own (this table) and the ones the layers above add (cluster/apps/index.ts:
 * the images' servers, CoreDNS, ingress-nginx). The sockets look behaviour up here when a
 * request arrives.
 * May import: ./app.ts, wire, core. Never the sockets: an app reaches them through AppContext.
 */
import type { App } from './app.ts';
import { pythonHttp } from './python-http.ts';
import { dnsResolver } from './dns-resolver.ts';
import { ncListen } from './nc-listen.ts';

/** The net layer's programs: the reference lab's test server, the outside world's resolver, `nc -l`. */
export const NET_APPS: ReadonlyMap<string, App> = new Map<string, App>([
  ['python-http', pythonHttp],
  ['dns-resolver', dnsResolver],
  ['nc-listen', ncListen],
]);

/**
 * The programs of the layers above. The net layer cannot import them (layers import only
 * downward), so the one table that lists them hands itself over once (`hostApps`); it is code,
 * the same for every world, so nothing here belongs in a snapshot.
 */
let hosted: ReadonlyMap<string, App> = new Map();

/** Makes `table`'s programs servable; called by cluster/apps/index.ts only. */
export function hostApps(table: ReadonlyMap<string, App>): void {
  hosted = table;
}

/** The program named `name`, if any table has it. */
export const appByName = (name: string): App | undefined => NET_APPS.get(name) ?? hosted.get(name);

export type { App, AppContext, SctpApp, TcpApp, TcpAppReply, UdpApp } from './app.ts';
export { formatEndpoint, httpDate } from './app.ts';
