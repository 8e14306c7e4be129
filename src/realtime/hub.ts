import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { encode } from 'eventsource-encoder';
import SseChannel from 'sse-channel';
import type { LiveMessage } from './bus.js';
import { listenAnswer, type StreamViewer } from './streams.js';

/** Messages each stream keeps for browsers that reconnect with Last-Event-ID. */
const HISTORY_SIZE = 100;
/** How long a stream nobody here listens to keeps its history (a browser may reconnect to this process). */
const HISTORY_MS = 5 * 60_000;
/** What browsers wait before reconnecting. */
const RETRY_MS = 3000;

const CRLF = Buffer.from('\r\n', 'latin1');

/**
 * sse-channel's channel, but a message is encoded once: to UTF-8 and, for the
 * connections that carry it in HTTP/1.1 chunks (all of them unless a proxy
 * layer changed the answer), into one ready chunk. Each such connection gets
 * that chunk in a single write to its socket; through the response, each of
 * thousands of connections framed the message again in four pieces and sent
 * them only after the whole loop. The replay history keeps the frame.
 */
class SharedFrameChannel extends SseChannel {
  override send(msg: SseChannel.Message): void {
    const frame = Buffer.from(encode({ ...msg, data: msg.data ?? '' }));
    if (msg.id !== undefined) {
      this.history = this.history.filter((e) => e.id !== msg.id);
      if (this.history.unshift({ id: msg.id, msg: frame }) > this.historySize) this.history.pop();
    }
    const chunk = Buffer.concat([Buffer.from(`${frame.length.toString(16)}\r\n`, 'latin1'), frame, CRLF]);
    for (let i = this.connections.length - 1; i >= 0; i--) writeFrame(this.connections[i], frame, chunk);
  }
}

/**
 * Writes a frame to one open event stream: the ready chunk straight to the
 * socket when the answer is plain chunked HTTP/1.1 that this response still
 * owns, else through the response (which frames it itself).
 */
export function writeFrame(res: ServerResponse, frame: Buffer, chunk: Buffer): void {
  const socket = res.socket as (Socket & { _httpMessage?: unknown }) | null;
  if (res.chunkedEncoding && res.headersSent && !res.writableEnded && socket?.writable && socket._httpMessage === res && res.getHeader('Content-Encoding') === undefined) {
    socket.write(chunk);
  } else {
    res.write(frame);
  }
}

interface Stream {
  channel: SseChannel;
  /** last message or last listener gone, for dropping streams nobody hears */
  touched: number;
}

/**
 * Holds this web process's SSE connections. The wire is sse-channel: a channel
 * per stream, with its history (replayed to a browser that reconnects with
 * Last-Event-ID) and its keep-alive. Ours: authorization of every stream at
 * subscribe, one connection listening to several streams, and the fan-out of
 * every message published on the Redis live channel to the local channel of its
 * stream.
 */
export class Hub {
  private readonly byName = new Map<string, Stream>();
  private readonly clients = new Map<Response, string[]>();
  private sweeper: NodeJS.Timeout | null = null;

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
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const s of this.byName.values()) s.channel.close();
    for (const res of this.clients.keys()) res.end();
    this.byName.clear();
    this.clients.clear();
    await this.subscriber.unsubscribe(this.channel).catch(() => {});
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Opens an SSE response for `viewer` (null: a visitor) on the requested
   * streams, and sends what it missed since its Last-Event-ID. Answers instead
   * `unauthorized` when a stream needs a session the request lacks, `forbidden`
   * when one is never this viewer's to hear; nothing is written then.
   */
  connect(req: Request, res: Response, viewer: StreamViewer | null, requested: string[]): 'ok' | 'unauthorized' | 'forbidden' {
    const names = [...new Set(requested)];
    if (names.length === 0) return 'forbidden';
    const answers = names.map((n) => listenAnswer(viewer, n));
    if (answers.includes('no')) return 'forbidden';
    if (answers.includes('sign-in')) return 'unauthorized';

    // only a plain positive number is an id of ours; anything else replays nothing
    const last = req.get('last-event-id');
    const lastId = last && /^[1-9]\d{0,15}$/.test(last) ? Number(last) : 0;
    if (lastId) req.headers['last-event-id'] = String(lastId);
    else delete req.headers['last-event-id'];

    res.setHeader('X-Accel-Buffering', 'no');
    const [first, ...rest] = names.map((n) => this.stream(n));
    // writes the headers and this stream's missed messages: it must come first
    first.channel.addClient(req, res);
    for (const s of rest) {
      // the response is already open: join the channel without a second head
      s.channel.connections.push(res);
      if (lastId) s.channel.sendEventsSinceId(res, lastId);
    }
    this.clients.set(res, names);
    this.onCount(this.clients.size);
    res.on('close', () => this.remove(res));
    return 'ok';
  }

  private stream(name: string): Stream {
    let s = this.byName.get(name);
    if (!s) {
      const channel = new SharedFrameChannel({ historySize: HISTORY_SIZE, retryTimeout: RETRY_MS, pingInterval: this.heartbeatMs });
      channel.timer.unref();
      this.byName.set(name, (s = { channel, touched: Date.now() }));
    }
    return s;
  }

  private remove(res: Response): void {
    const names = this.clients.get(res);
    if (!names) return;
    this.clients.delete(res);
    for (const n of names) {
      const s = this.byName.get(n);
      if (!s) continue;
      s.channel.removeClient(res);
      s.touched = Date.now();
    }
    this.onCount(this.clients.size);
  }

  /** Sends a message to this process's clients on its stream, and keeps it for replay. */
  deliver(msg: LiveMessage): void {
    const s = this.stream(msg.stream);
    s.touched = Date.now();
    s.channel.send({ id: msg.id, event: msg.event, data: msg.data });
    if (msg.close) for (const res of [...s.channel.connections]) res.end();
  }

  /** Drops the streams nobody here has listened to or published on for a while. */
  private sweep(): void {
    const before = Date.now() - HISTORY_MS;
    for (const [name, s] of this.byName) {
      if (s.channel.getConnectionCount() === 0 && s.touched < before) {
        s.channel.close();
        this.byName.delete(name);
      }
    }
  }
}
