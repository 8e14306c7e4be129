/**
 * A module loaded on first use, once. Heavy libraries that only some requests
 * need (image decoding, PDFs, SMTP) stay out of a process's memory until one
 * does: a web process holding thousands of live connections never loads them.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err;
    });
    return loading;
  };
}
