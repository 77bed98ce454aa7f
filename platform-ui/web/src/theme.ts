import { useEffect, useState } from 'preact/hooks';

// Okabe-Ito: eight colours told apart by every common form of colour blindness; series also differ by line style.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const STATUS = { good: '#009E73', warn: '#E69F00', bad: '#D55E00', info: '#0072B2' };

export type Theme = 'light' | 'dark';
const STORED = 'feedbackloop.theme';

function preferred(): Theme {
  const stored = localStorage.getItem(STORED);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(preferred);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    window.dispatchEvent(new CustomEvent('feedbackloop:theme', { detail: theme }));
  }, [theme]);
  const toggle = () => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(STORED, next);
    setTheme(next);
  };
  return [theme, toggle];
}

export function currentTheme(): Theme {
  return (document.documentElement.dataset.theme as Theme) ?? 'light';
}
