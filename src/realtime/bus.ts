import type { Redis } from 'ioredis';

/** One live message: an SSE event on a stream. `close` ends the stream's connections after delivery. */
export interface LiveMessage {
  stream: string;
  event: string;
  data: string;
  close?: boolean;
}

/**
 * Publishes live messages through Redis pub/sub, so any process (web or worker)
 * reaches clients connected to every web process.
 */
export class LiveBus {
  readonly channel: string;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}live`;
  }

  async publish(msg: LiveMessage): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(msg));
  }
}
