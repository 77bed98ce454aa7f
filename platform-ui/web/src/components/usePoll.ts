import { useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  updatedAt?: string;
  reload: () => void;
}

/**
 * Loads once, then again every {@code everyMs} while the tab is visible (never a full page reload; each refresh is
 * the panel's own small API call). A change of {@code deps} loads at once. An answer that arrives after a newer
 * request was sent is dropped.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, everyMs: number | null, deps: unknown[]): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'reload'>>({ loading: true });
  const generation = useRef(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal)
      .then((data) => mine === generation.current && setState({ data, loading: false, updatedAt: new Date().toISOString() }))
      .catch((error) => {
        if (controller.signal.aborted || mine !== generation.current) return;
        setState((s) => ({ ...s, error, loading: false }));
      });
    return () => controller.abort();
  }, [...deps, tick]);

  useEffect(() => {
    if (!everyMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, ...deps]);

  return { ...state, reload: () => setTick((t) => t + 1) };
}
