import { useState } from 'preact/hooks';
import { api } from '../api';
import { Panel } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { Chart } from '../components/Chart';
import { millis, number, percent, time } from '../format';

interface Gate {
  gate: string;
  category: string;
  metric: string;
  comparison: string;
  threshold: number;
  min_tests: number | null;
  status: string;
  observed: number | null;
  tests: number | null;
  reason: string | null;
}

interface Approval {
  agent_id: string;
  version: string;
  environment: string;
  status: 'approved' | 'blocked' | 'pending' | 'overridden';
  gates: Gate[];
  override: { by: string; reason: string; at: string } | null;
  updated_at: string | null;
}

interface Day { date: string; agent_version?: string }

const ENVIRONMENTS = ['production', 'staging', 'development'];
const STATUS_CLASS: Record<string, string> = {
  approved: 'passed', overridden: 'warning', blocked: 'critical', pending: '', passed: 'passed', failed: 'critical',
};

/** Rates and pass shares keep three decimals (0.999); latencies and rates per second need none. */
const digits = (v: number) => (Math.abs(v) >= 10 ? 0 : 3);

const monthAgo = () => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

/** Release decisions: a version's pre-deployment gates (21.1), per environment, gate by gate. */
export function ReleasesPage({ agent }: { agent?: string }) {
  const days = usePoll((s) => api.get<{ days: Day[] }>('/api/v1/analytics/daily',
    { agent_id: agent, group_by: 'agent_version', from: monthAgo() }, s), 60_000, [agent]);
  const versions = [...new Set((days.data?.days ?? []).map((d) => d.agent_version)
    .filter((v): v is string => Boolean(v)))].sort();
  const [picked, setPicked] = useState<string | null>(null);
  const [environment, setEnvironment] = useState('production');
  const version = picked ?? versions[versions.length - 1] ?? null;
  if (!agent) {
    return <div class="page"><h1>Releases</h1><p class="empty">Choose an agent above to see its versions' gates.</p></div>;
  }
  return (
    <div class="page">
      <h1>Releases</h1>
      <Panel title="Version" loading={days.loading} error={days.error} wide
             empty={!days.loading && versions.length < 1 && `No version of ${agent} seen in the last 30 days.`}>
        <form class="search" onSubmit={(e) => e.preventDefault()}>
          <label for="release-version">Version</label>
          <select id="release-version" value={version ?? ''}
                  onChange={(e) => setPicked((e.target as HTMLSelectElement).value)}>
            {versions.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
          <label for="release-environment">Environment</label>
          <select id="release-environment" value={environment}
                  onChange={(e) => setEnvironment((e.target as HTMLSelectElement).value)}>
            {ENVIRONMENTS.map((env) => <option key={env} value={env}>{env}</option>)}
          </select>
        </form>
      </Panel>
      {version && <Gates agent={agent} version={version} environment={environment} />}
      <Canaries agent={agent} />
    </div>
  );
}

function Gates({ agent, version, environment }: { agent: string; version: string; environment: string }) {
  const approval = usePoll((s) => api.get<Approval>(
    `/api/v1/agents/${encodeURIComponent(agent)}/versions/${encodeURIComponent(version)}/approval`,
    { environment }, s), 60_000, [agent, version, environment]);
  const a = approval.data;
  const categories = [...new Set((a?.gates ?? []).map((g) => g.category))];
  return (
    <Panel title={`Pre-deployment gates: ${version} in ${environment}`} refresh="1 min" loading={approval.loading}
           error={approval.error} wide
           actions={a && <span class={`badge ${STATUS_CLASS[a.status] ?? ''}`} data-testid="approval-status">{a.status}</span>}>
      {a?.override && (
        <p>Let through by <strong>{a.override.by}</strong> on {time(a.override.at)}: {a.override.reason}</p>
      )}
      {categories.map((category) => (
        <div class="table-wrap" key={category}>
          <table>
            <caption>{category}</caption>
            <thead>
              <tr><th scope="col">Gate</th><th scope="col">Metric</th><th scope="col">Rule</th>
                <th scope="col">Observed</th><th scope="col">Tests</th><th scope="col">Status</th></tr>
            </thead>
            <tbody>
              {a!.gates.filter((g) => g.category === category).map((g) => (
                <tr key={g.gate}>
                  <th scope="row">{g.gate}</th>
                  <td>{g.metric}</td>
                  <td>{g.comparison} {number(g.threshold, digits(g.threshold))}{g.min_tests ? `, ≥ ${g.min_tests} tests` : ''}</td>
                  <td>{g.observed === null ? '–' : number(g.observed, digits(g.observed))}</td>
                  <td>{g.tests === null ? '–' : number(g.tests)}</td>
                  <td><span class={`badge ${STATUS_CLASS[g.status] ?? ''}`} title={g.reason ?? undefined}>{g.status}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </Panel>
  );
}

interface ReleaseSummary {
  release_id: string; version: string; baseline_version: string; status: string; percentage: number; opened_at: string;
}

interface Measurement {
  metric: string; canary_value: number | null; baseline_value: number | null; canary_samples: number;
  baseline_samples: number; rule: string; confidence: number; verdict: string;
}

interface Decision {
  type: string; percentage: number; next_percentage: number | null; reason: string | null;
  measurements: Measurement[]; decided_at: string;
}

interface Release extends ReleaseSummary {
  stages: { percentage: number; min_duration_minutes: number; started_at: string | null }[];
  override: { by: string; reason: string } | null;
  decisions: Decision[];
  reports: { action: string; percentage: number | null; note: string | null; reported_at: string }[];
}

interface Point { start: string; value: number | null; samples: number }
interface Curves { versions: { agent_version: string; series: { metric: string; points: Point[] }[] }[] }

const DECISION_CLASS: Record<string, string> = {
  promotion_recommended: 'passed', completed: 'passed', held: 'warning', paused: 'critical', rollback_required: 'critical',
};

const showMetric = (metric: string, v: number | null) =>
  v === null ? '–' : metric.endsWith('_ms') ? millis(v) : metric.endsWith('_rate') ? percent(v) : number(v, 2);

/** The agent's canary releases (21.2.2): stages, decisions with their measurements, both versions' curves. */
function Canaries({ agent }: { agent: string }) {
  const list = usePoll((s) => api.get<{ releases: ReleaseSummary[] }>('/api/v1/releases', { agent_id: agent }, s),
    60_000, [agent]);
  const [picked, setPicked] = useState<string | null>(null);
  const releases = list.data?.releases ?? [];
  const id = picked ?? releases[0]?.release_id ?? null;
  return (
    <>
      <Panel title="Canary releases" refresh="1 min" loading={list.loading} error={list.error} wide
             empty={!list.loading && releases.length === 0 && `No canary release of ${agent} yet.`}>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Release</th><th scope="col">Candidate</th><th scope="col">Baseline</th>
              <th scope="col">Status</th><th scope="col">Traffic</th><th scope="col">Opened</th></tr></thead>
            <tbody>
              {releases.map((r) => (
                <tr key={r.release_id} class={r.release_id === id ? 'selected' : ''}>
                  <th scope="row"><button class="link" onClick={() => setPicked(r.release_id)}>{r.release_id}</button></th>
                  <td>{r.version}</td><td>{r.baseline_version}</td>
                  <td><span class={`badge ${r.status === 'rolled_back' ? 'critical' : r.status === 'completed' ? 'passed' : ''}`}>{r.status}</span></td>
                  <td>{r.percentage} %</td><td>{time(r.opened_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {id && <ReleaseDetail id={id} />}
    </>
  );
}

function ReleaseDetail({ id }: { id: string }) {
  const release = usePoll((s) => api.get<Release>(`/api/v1/releases/${encodeURIComponent(id)}`, undefined, s), 60_000, [id]);
  const curves = usePoll((s) => api.get<Curves>(`/api/v1/releases/${encodeURIComponent(id)}/curves`, undefined, s), 60_000, [id]);
  const r = release.data;
  const latest = r?.decisions[r.decisions.length - 1];
  const line = (metric: string) => (curves.data?.versions ?? []).map((v) => ({
    name: `${v.agent_version} ${metric}`, type: 'line',
    data: (v.series.find((m) => m.metric === metric)?.points ?? []).map((p) => [p.start, p.value]),
  }));
  return (
    <>
      <Panel title={`Release ${id}`} refresh="1 min" loading={release.loading} error={release.error} wide>
        {r && (
          <>
            <p>
              {r.version} against {r.baseline_version}: <span class="badge">{r.status}</span> at {r.percentage} % of traffic
              {r.override && <> · opened past its gates by <strong>{r.override.by}</strong> ({r.override.reason})</>}
            </p>
            <ol class="stages" aria-label="Stages">
              {r.stages.map((st) => (
                <li key={st.percentage} class={st.started_at ? 'done' : ''}>
                  {st.percentage} % · {st.min_duration_minutes} min{st.started_at ? ` · since ${time(st.started_at)}` : ''}
                </li>
              ))}
            </ol>
            <div class="table-wrap">
              <table>
                <caption>Decisions</caption>
                <thead><tr><th scope="col">When</th><th scope="col">Decision</th><th scope="col">Stage</th>
                  <th scope="col">Next</th><th scope="col">Why</th></tr></thead>
                <tbody>
                  {r.decisions.map((d, i) => (
                    <tr key={i}>
                      <td>{time(d.decided_at)}</td>
                      <th scope="row"><span class={`badge ${DECISION_CLASS[d.type] ?? ''}`}>{d.type}</span></th>
                      <td>{d.percentage} %</td><td>{d.next_percentage === null ? '–' : `${d.next_percentage} %`}</td>
                      <td>{d.reason ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {latest && (
              <div class="table-wrap">
                <table>
                  <caption>Measurements behind the latest decision</caption>
                  <thead><tr><th scope="col">Metric</th><th scope="col">Canary</th><th scope="col">Baseline</th>
                    <th scope="col">Samples</th><th scope="col">Rule</th><th scope="col">Verdict</th></tr></thead>
                  <tbody>
                    {latest.measurements.map((m) => (
                      <tr key={m.metric}>
                        <th scope="row">{m.metric}</th>
                        <td>{showMetric(m.metric, m.canary_value)}</td><td>{showMetric(m.metric, m.baseline_value)}</td>
                        <td>{number(m.canary_samples)} / {number(m.baseline_samples)}</td>
                        <td>{m.rule}</td>
                        <td><span class={`badge ${m.verdict.toLowerCase() === 'pass' ? 'passed' : m.verdict.toLowerCase() === 'fail' ? 'critical' : 'warning'}`}>
                          {m.verdict.toLowerCase()}</span></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Panel>
      <Panel title="Both versions, hour by hour" refresh="1 min" loading={curves.loading} error={curves.error} wide
             empty={!curves.loading && (curves.data?.versions ?? []).every((v) => v.series.every((m) => m.points.length === 0))
               && 'No interactions of either version since the release opened.'}>
        <Chart label="P95 latency of the candidate and the baseline since the release opened"
               option={{ xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'ms' }, series: line('p95_latency_ms') }} />
        <Chart label="Error rate of the candidate and the baseline since the release opened"
               option={{ xAxis: { type: 'time' }, yAxis: { type: 'value' }, series: line('error_rate') }} />
      </Panel>
    </>
  );
}
