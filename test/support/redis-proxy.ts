import net from 'node:net';

/**
 * A TCP proxy in front of the real Redis that a test cuts and restores. Cut, it behaves like a network
 * partition: open connections stay open but nothing passes any more, and new ones are accepted and then
 * hear nothing — the case where a client without timeouts waits for ever. Restored, the silent connections
 * are closed (as a partition's end would reset them) and new ones are forwarded again.
 */
export class RedisProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream?: net.Socket }>();
  private cutOff = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(redisUrl: string): Promise<RedisProxy> {
    const u = new URL(redisUrl);
    const proxy = new RedisProxy({ host: u.hostname, port: Number(u.port || 6379) });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  private accept(client: net.Socket) {
    const pair: { client: net.Socket; upstream?: net.Socket } = { client };
    this.pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (this.cutOff) return; // held, silent
    const upstream = net.connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Nothing passes any more, in either direction, on old or new connections. */
  cut() {
    this.cutOff = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe();
      upstream?.unpipe();
      client.pause();
      upstream?.pause();
    }
  }

  /** The silent connections are reset; new ones reach Redis again. */
  restore() {
    this.cutOff = false;
    for (const { client, upstream } of [...this.pairs]) {
      client.destroy();
      upstream?.destroy();
    }
  }

  async close() {
    this.restore();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
