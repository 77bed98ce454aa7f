import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/health?agent=x): the server serves one page, and a link or reload lands on the same view.

export interface Route {
  page: string;
  params: URLSearchParams;
}

function current(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [page, query] = hash.split('?');
  return { page: page || 'health', params: new URLSearchParams(query ?? '') };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(page: string, params?: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  Object.entries(params ?? {}).forEach(([k, v]) => v && query.set(k, v));
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}

export function navigate(page: string, params?: Record<string, string | undefined>) {
  window.location.hash = href(page, params);
}

/** Replaces one parameter of the current route, keeping the others. */
export function setParam(name: string, value: string | undefined) {
  const route = current();
  const params: Record<string, string> = {};
  route.params.forEach((v, k) => (params[k] = v));
  if (value) params[name] = value;
  else delete params[name];
  navigate(route.page, params);
}
