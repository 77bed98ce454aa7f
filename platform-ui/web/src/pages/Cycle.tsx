import { useState } from 'preact/hooks';
import { api } from '../api';
import { Chart } from '../components/Chart';
import { Panel, describe } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { number, time } from '../format';

interface BacklogItem {
  position: number;
  item_id: string;
  kind: string;
  title: string;
  affected_volume: number;
  severity: number;
  trend: number;
  score: number;
  decision: 'accepted' | 'dropped' | null;
}

interface Comparison {
  metric: string;
  test: string;
  before: number | null;
  after: number | null;
  before_count: number;
  after_count: number;
  p_value: number | null;
  significant: boolean;
}

interface Cycle {
  id: string;
  agent_id: string;
  week: string;
  starts_at: string;
  ends_at: string;
  state: 'open' | 'closed';
  phase: string | null;
  phase_started_at: Record<string, string>;
  problems: { kind: string; label: string; volume: number; metric: string | null; value: number | null }[] | null;
  backlog: BacklogItem[] | null;
  linked_work: { kind: string; work_id: string; state: string }[];
  deployment: { version: string; previous_version: string | null; deployed_at: string } | null;
  measurement: { previous_version: string; deployed_version: string; verdict: string; comparisons: Comparison[] } | null;
  closed_at: string | null;
}

const PHASES = ['review', 'deep_dive', 'prioritization', 'implementation', 'measurement'];

/** The weekly improvement cycle (21.4): this week's phase, the backlog to reorder and decide, the measurement and its verdict. */
export function CyclePage({ agent, canManage }: { agent?: string; canManage: boolean }) {
  const cycles = usePoll((s) => api.get<{ cycles: Cycle[] }>('/api/v1/cycles', { agent_id: agent }, s), 60_000, [agent]);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = cycles.data?.cycles ?? [];
  const cycle = list.find((c) => c.id === chosen) ?? list[0];
  return (
    <div class="page">
      <h1>Weekly cycle</h1>
      <Panel title="Cycles" refresh="1 min" loading={cycles.loading} error={cycles.error} wide
             empty={!cycles.loading && !list.length && 'No improvement cycle yet: one opens each week for every agent with feedback.'}>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Week</th><th scope="col">Agent</th><th scope="col">State</th><th scope="col">Phase</th>
              <th scope="col">Verdict</th></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} class={cycle?.id === c.id ? 'selected' : ''}>
                  <td><button type="button" class="link" onClick={() => setChosen(c.id)}>{c.week}</button></td>
                  <td>{c.agent_id}</td>
                  <td><span class={`badge state-${c.state === 'open' ? 'open' : 'closed'}`}>{c.state}</span></td>
                  <td>{c.phase?.replace('_', ' ') ?? '–'}</td>
                  <td>{c.measurement?.verdict.replace(/_/g, ' ') ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {cycle && <CycleView cycle={cycle} canManage={canManage} onChange={cycles.reload} />}
    </div>
  );
}

function CycleView({ cycle, canManage, onChange }: { cycle: Cycle; canManage: boolean; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      await api.post(`/api/v1/cycles/${encodeURIComponent(cycle.id)}/${path}`, body);
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const m = cycle.measurement;
  return (
    <>
      <Panel title={`${cycle.agent_id}, ${cycle.week}`} wide>
        <ol class="phases" aria-label="Phases of the week">
          {PHASES.map((p) => (
            <li key={p} class={p === cycle.phase ? 'current' : cycle.phase_started_at?.[p] ? 'done' : ''}
                aria-current={p === cycle.phase ? 'step' : undefined}>
              {p.replace('_', ' ')}{cycle.phase_started_at?.[p] && <span class="muted small"> {time(cycle.phase_started_at[p])}</span>}
            </li>
          ))}
        </ol>
        {cycle.deployment && (
          <p>Deployed {cycle.deployment.version}{cycle.deployment.previous_version ? ` (after ${cycle.deployment.previous_version})` : ''} on {time(cycle.deployment.deployed_at)}.</p>
        )}
        {cycle.problems && cycle.problems.length > 0 && (
          <>
            <h3>Top problems</h3>
            <ul class="list">{cycle.problems.map((p) => <li key={p.label}>{p.label} <span class="muted small">({p.kind}, {number(p.volume)} affected)</span></li>)}</ul>
          </>
        )}
      </Panel>
      <Panel title="Backlog" wide empty={!cycle.backlog?.length && 'The backlog is built at prioritization.'}>
        {error ? <p class="error" role="alert">{describe(error)}</p> : null}
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">#</th><th scope="col">Item</th><th scope="col">Affected</th><th scope="col">Score</th>
              <th scope="col">Decision</th>{canManage && <th scope="col">Actions</th>}</tr></thead>
            <tbody>
              {(cycle.backlog ?? []).map((b, i, all) => (
                <tr key={b.item_id}>
                  <td>{b.position + 1}</td>
                  <td class="text">{b.title}</td>
                  <td>{number(b.affected_volume)}</td>
                  <td>{number(b.score, 2)}</td>
                  <td>{b.decision ?? '–'}</td>
                  {canManage && (
                    <td class="actions">
                      <button type="button" class="ghost" disabled={i === 0} aria-label={`Move ${b.title} up`}
                              onClick={() => act(`backlog/${encodeURIComponent(b.item_id)}/move`, { position: i - 1 })}>↑</button>
                      <button type="button" class="ghost" disabled={i === all.length - 1} aria-label={`Move ${b.title} down`}
                              onClick={() => act(`backlog/${encodeURIComponent(b.item_id)}/move`, { position: i + 1 })}>↓</button>
                      <button type="button" class="ghost" onClick={() => act(`backlog/${encodeURIComponent(b.item_id)}/decision`, { decision: 'accepted' })}>Accept</button>
                      <button type="button" class="ghost" onClick={() => act(`backlog/${encodeURIComponent(b.item_id)}/decision`, { decision: 'dropped' })}>Drop</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Panel title="Measurement" wide empty={!m && 'Measured on Friday, once a new version was deployed this week.'}>
        {m && (
          <>
            <p>{m.previous_version} → {m.deployed_version}: <strong class={`verdict ${m.verdict}`}>{m.verdict.replace(/_/g, ' ')}</strong></p>
            <Chart label={`Each metric before (${m.previous_version}) and after (${m.deployed_version}) the deployment`} option={{
              tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
              xAxis: { type: 'category', data: m.comparisons.map((c) => c.metric.replace(/_/g, ' ')) },
              yAxis: { type: 'value' },
              series: [
                { type: 'bar', name: `before (${m.previous_version})`, data: m.comparisons.map((c) => c.before) },
                { type: 'bar', name: `after (${m.deployed_version})`, data: m.comparisons.map((c) => c.after) },
              ],
            }} />
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">Metric</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Test</th>
                  <th scope="col">p</th><th scope="col">Significant</th></tr></thead>
                <tbody>{m.comparisons.map((c) => (
                  <tr key={c.metric}><th scope="row">{c.metric.replace(/_/g, ' ')}</th>
                    <td>{number(c.before, 3)} <span class="muted small">(n={number(c.before_count)})</span></td>
                    <td>{number(c.after, 3)} <span class="muted small">(n={number(c.after_count)})</span></td>
                    <td>{c.test.replace(/_/g, ' ')}</td><td>{number(c.p_value, 4)}</td><td>{c.significant ? 'yes' : 'no'}</td></tr>
                ))}</tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
    </>
  );
}
