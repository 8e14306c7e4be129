import type { Redis } from 'ioredis';

/**
 * One live message: an SSE event on a stream. `close` ends the stream's connections after delivery.
 * `id` is given by the bus when published: one counter for all streams, shared by every process.
 */
export interface LiveMessage {
  stream: string;
  event: string;
  data: string;
  close?: boolean;
  id?: number;
}

// Takes the next id and publishes the message carrying it, in one step: ids follow
// the order of the channel, so Last-Event-ID means the same on every web process.
const PUBLISH_WITH_ID = `
local id = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], '{"id":' .. id .. ',' .. string.sub(ARGV[2], 2))
return id`;

/**
 * Publishes live messages through Redis pub/sub, so any process (web or worker)
 * reaches clients connected to every web process.
 */
export class LiveBus {
  readonly channel: string;
  private readonly idKey: string;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}live`;
    this.idKey = `${prefix}live:id`;
  }

  /** Publishes the message with the next id, and returns that id. */
  async publish(msg: LiveMessage): Promise<number> {
    const { id: _ignored, ...body } = msg;
    const id = await this.redis.eval(PUBLISH_WITH_ID, 1, this.idKey, this.channel, JSON.stringify(body));
    return Number(id);
  }
}
