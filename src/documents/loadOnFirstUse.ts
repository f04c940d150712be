/**
 * A library loaded the first time it is needed, then kept: vega, resvg and exceljs add about 45 MB to a process
 * that may never draw a chart or write a spreadsheet (measured in bench/memory.ts).
 */
export function loadOnFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
