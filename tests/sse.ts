/** Parses one SSE frame (the text between blank lines); null for comments/heartbeats. `id` when the frame carries one. */
export function parseSseFrame(frame: string): { event: string; data: string; id?: string } | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const c = line.indexOf(':');
    const field = c < 0 ? line : line.slice(0, c);
    const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (!data.length) return null;
  return id === undefined ? { event, data: data.join('\n') } : { event, data: data.join('\n'), id };
}

/** Reads an event stream in the background, pushing each parsed frame into `events` until the stream closes. */
export function collectSseFrames(body: ReadableStream<Uint8Array>, events: { event: string; data: string; id?: string }[]): void {
  void (async () => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = parseSseFrame(buf.slice(0, i));
          buf = buf.slice(i + 2);
          if (frame) events.push(frame);
        }
      }
    } catch {
      /* closed */
    }
  })();
}
