import { useEffect, useState } from 'preact/hooks';
import { ApiError, KeyInfo, apiKey, signIn, signOut, whoAmI } from './api';
import { href, useRoute } from './router';
import { useTheme } from './theme';
import { HealthPage } from './pages/Health';
import { FeedbackPage } from './pages/Feedback';
import { IncidentsPage } from './pages/Incidents';
import { DriftPage } from './pages/Drift';
import { FailureModesPage } from './pages/FailureModes';
import { VersionsPage } from './pages/Versions';
import { CyclePage } from './pages/Cycle';
import { ReleasesPage } from './pages/Releases';
import { AgentPicker } from './components/AgentPicker';

/** A page of the UI and the scope a key needs to see it. */
export interface PageDef {
  id: string;
  title: string;
  scope: string;
  render: (agent: string | undefined, key: KeyInfo) => preact.JSX.Element;
}

export const PAGES: PageDef[] = [
  { id: 'health', title: 'Agent health', scope: 'analytics:read', render: (agent) => <HealthPage agent={agent} /> },
  { id: 'feedback', title: 'Feedback', scope: 'analytics:read', render: (agent) => <FeedbackPage agent={agent} /> },
  { id: 'drift', title: 'Input drift', scope: 'analytics:read', render: (agent) => <DriftPage agent={agent} /> },
  { id: 'failures', title: 'Failure modes', scope: 'analytics:read', render: (agent) => <FailureModesPage agent={agent} /> },
  { id: 'versions', title: 'Versions', scope: 'analytics:read', render: (agent) => <VersionsPage agent={agent} /> },
  { id: 'releases', title: 'Releases', scope: 'analytics:read', render: (agent) => <ReleasesPage agent={agent} /> },
  { id: 'cycle', title: 'Weekly cycle', scope: 'analytics:read',
    render: (agent, key) => <CyclePage agent={agent} canManage={key.scopes.includes('triggers:manage')} /> },
  { id: 'incidents', title: 'Incidents & work', scope: 'analytics:read',
    render: (agent, key) => <IncidentsPage agent={agent} canManage={key.scopes.includes('triggers:manage')} /> },
];

export function App() {
  const [key, setKey] = useState<KeyInfo | null>(null);
  const [checking, setChecking] = useState(Boolean(apiKey()));
  const [theme, toggleTheme] = useTheme();
  const route = useRoute();

  useEffect(() => {
    const out = () => setKey(null);
    window.addEventListener('feedbackloop:signed-out', out);
    if (apiKey()) {
      whoAmI().then(setKey).catch(() => signOut()).finally(() => setChecking(false));
    }
    return () => window.removeEventListener('feedbackloop:signed-out', out);
  }, []);

  if (checking) return <main class="centered"><p class="muted">Checking your key…</p></main>;
  if (!key) return <SignIn onSignedIn={setKey} />;

  const visible = PAGES.filter((p) => key.scopes.includes(p.scope));
  const page = visible.find((p) => p.id === route.page) ?? visible[0];
  const agent = route.params.get('agent') ?? undefined;

  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href={href('health', { agent })} aria-label="Feedback Loop home">
          <img src="/favicon.svg" alt="" width="22" height="22" /> Feedback Loop
        </a>
        {visible.length > 0 && <AgentPicker agent={agent} />}
        <div class="spacer" />
        <span class="muted" title={`scopes: ${key.scopes.join(', ')}`}>{key.name}</span>
        <button type="button" class="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button type="button" class="ghost" onClick={signOut}>Sign out</button>
      </header>
      <nav class="sidebar" aria-label="Pages">
        <ul>
          {visible.map((p) => (
            <li key={p.id}>
              <a href={href(p.id, { agent })} aria-current={p === page ? 'page' : undefined}>{p.title}</a>
            </li>
          ))}
        </ul>
        <p class="muted small"><a href="/api-reference" target="_blank" rel="noopener">API reference</a></p>
      </nav>
      <main id="main" tabIndex={-1}>
        {page ? page.render(agent, key) : <p>Your key ({key.scopes.join(', ')}) may not read any page of this dashboard.</p>}
      </main>
    </div>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (key: KeyInfo) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(value);
    try {
      onSignedIn(await whoAmI());
    } catch (e) {
      signOut();
      setError(e instanceof ApiError && e.status === 401 ? 'That key is not valid.' : 'The platform did not answer; try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="centered">
      <form class="signin" onSubmit={submit} aria-describedby="signin-help">
        <h1><img src="/favicon.svg" alt="" width="28" height="28" /> Feedback Loop</h1>
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" required value={value}
               onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        <p id="signin-help" class="muted small">
          The key stays in this browser tab only and is sent with each API request. Without configured keys, the
          platform writes a development key to <code>data/dev-api-key</code>.
        </p>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy || !value.trim()}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
