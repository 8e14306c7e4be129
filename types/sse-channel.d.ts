/** sse-channel 4.x ships no types: the part of its API Souk uses. */
declare module 'sse-channel' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  namespace SseChannel {
    interface Options {
      /** messages kept for replay (only those with an id); default 500 */
      historySize?: number;
      history?: Message[];
      /** ms a client waits before reconnecting (sent as `retry:`) */
      retryTimeout?: number;
      /** ms between keep-alive comments; default 20000 */
      pingInterval?: number;
      jsonEncode?: boolean;
    }
    interface Message {
      /** needed for the message to enter the history (Last-Event-ID replay) */
      id?: number | string;
      event?: string;
      data?: string;
      retry?: number;
    }
  }

  class SseChannel extends EventEmitter {
    constructor(options?: SseChannel.Options);
    /** the responses on this channel (written to by `send`) */
    connections: ServerResponse[];
    /** newest first; `msg` is what is written to a connection that missed it */
    history: { id: number | string; msg: string | Buffer }[];
    historySize: number;
    /** the keep-alive timer */
    timer: NodeJS.Timeout;
    /** writes the headers and replays history newer than the request's Last-Event-ID: nothing may have been written before */
    addClient(req: IncomingMessage, res: ServerResponse, callback?: () => void): void;
    removeClient(res: ServerResponse): void;
    getConnectionCount(): number;
    ping(): void;
    retry(ms: number): void;
    send(msg: SseChannel.Message | string, clients?: ServerResponse[]): void;
    sendEventsSinceId(res: ServerResponse, sinceId: number | string): void;
    close(): void;
  }

  export = SseChannel;
}
