import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { LiveMessage } from './bus.js';
import { mayListen, type StreamViewer } from './streams.js';

interface Client {
  res: Response;
  viewer: StreamViewer;
  streams: string[];
}

/**
 * Holds this web process's SSE connections and forwards every message published
 * on the Redis live channel to the local clients subscribed to its stream.
 */
export class Hub {
  private readonly byStream = new Map<string, Set<Client>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private connections = 0;

  constructor(
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly heartbeatMs: number,
  ) {}

  /** told the number of open connections whenever it changes (metrics) */
  onCount: (n: number) => void = () => {};

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      try {
        this.deliver(JSON.parse(raw) as LiveMessage);
      } catch {
        /* a malformed message is dropped */
      }
    });
    await this.subscriber.subscribe(this.channel);
    this.heartbeat = setInterval(() => this.ping(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.byStream.values()) for (const c of set) c.res.end();
    this.byStream.clear();
    await this.subscriber.unsubscribe(this.channel).catch(() => {});
  }

  get size(): number {
    return this.connections;
  }

  /**
   * Opens an SSE response for `viewer` on the requested streams. Returns an error
   * status instead when a stream is not the viewer's to hear.
   */
  connect(_req: Request, res: Response, viewer: StreamViewer, requested: string[]): 'ok' | 'forbidden' {
    const names = [...new Set(requested)];
    if (names.length === 0 || names.some((n) => !mayListen(viewer, n))) return 'forbidden';
    res.status(200);
    res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const client: Client = { res, viewer, streams: names };
    for (const n of names) {
      let set = this.byStream.get(n);
      if (!set) this.byStream.set(n, (set = new Set()));
      set.add(client);
    }
    this.connections++;
    this.onCount(this.connections);
    res.on('close', () => this.remove(client));
    return 'ok';
  }

  private remove(client: Client): void {
    let found = false;
    for (const n of client.streams) {
      const set = this.byStream.get(n);
      if (set?.delete(client)) found = true;
      if (set && set.size === 0) this.byStream.delete(n);
    }
    if (found) {
      this.connections--;
      this.onCount(this.connections);
    }
  }

  /** Sends a message to this process's clients on its stream. */
  deliver(msg: LiveMessage): void {
    const set = this.byStream.get(msg.stream);
    if (!set) return;
    const frame = `event: ${msg.event}\n${msg.data.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n`;
    for (const client of [...set]) {
      client.res.write(frame);
      if (msg.close) {
        this.remove(client);
        client.res.end();
      }
    }
  }

  private ping(): void {
    for (const set of this.byStream.values()) for (const c of set) c.res.write(': ping\n\n');
  }
}
