/**
 * Where a profile's frame belongs, for the benchmark summaries: its package, a
 * Node built-in, our own file (src/, views/, jobs/, bench/), or V8's own entry.
 */
export function place(callFrame, fallback = callFrame.functionName) {
  const url = callFrame.url ?? '';
  const pkg = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  if (url) return url.replace(/^.*?\/(dist\/|)(src|views|jobs|bench)\//, '$2/');
  return `(${fallback})`;
}
