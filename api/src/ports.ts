import net from 'node:net';
import type { Config } from './config';

/** A port another program holds: its message is the one line an operator needs (which variable to set). */
export class PortInUseError extends Error {}

export function portInUse(variable: string, host: string, port: number): PortInUseError {
  return new PortInUseError(`Port ${port} on ${host} is already in use (another vanthu or program): set ${variable} to a free port.`);
}

/** Binds and releases the port: false when someone else holds it. */
function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A port nothing listens on right now (for a process told its port, e.g. nginx in front of the instances). */
export function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Checked by `npm start` before the slow steps (web build, dev PKI), so a second instance on the same machine
 * fails in a second with one line, not after a minute with a stack. The PGlite sharing port, when left at its
 * default, moves to a free one: `npm run workers` reads the chosen port from DATA_DIR/pglite.socket.json.
 */
export async function checkPorts(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  if (config.PORT !== 0 && !(await canListen(config.HOST, config.PORT))) throw portInUse('PORT', config.HOST, config.PORT);
  if (config.DATABASE_URL || config.PGLITE_SOCKET_PORT === 0) return config;
  if (await canListen('127.0.0.1', config.PGLITE_SOCKET_PORT)) return config;
  if (env.PGLITE_SOCKET_PORT !== undefined) throw portInUse('PGLITE_SOCKET_PORT', '127.0.0.1', config.PGLITE_SOCKET_PORT);
  const port = await anyFreePort('127.0.0.1');
  console.log(`The PGlite sharing port ${config.PGLITE_SOCKET_PORT} is taken; using ${port} (set PGLITE_SOCKET_PORT to choose one).`);
  return { ...config, PGLITE_SOCKET_PORT: port };
}
