import { useState } from 'preact/hooks';
import { api } from '../api';
import { Chart } from '../components/Chart';
import { Panel, Tile } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { number, time } from '../format';

interface Counted { count: number; intent_category?: string; agent_version?: string }

interface Cluster {
  id: string;
  agent_id: string;
  label: string;
  top_terms: string[];
  size: number;
  size_24h: number;
  trend: string;
  top_intents: Counted[];
  top_agent_versions: Counted[];
  first_seen: string | null;
  last_seen: string | null;
  state: string;
}

interface Example { feedback_id: string; timestamp: string; text: string; intent_category?: string | null; agent_version?: string | null }

interface ClusterDetail extends Cluster {
  exemplars: Example[];
  member_count: number;
  member_ids: string[];
  members_truncated: boolean;
  history: { type: string; at: string; size?: number; size_24h?: number; reason?: string }[];
}

interface Report {
  week: string;
  summary: { active_modes: number; new: number; resolved: number; merged: number; split: number };
  modes: (Cluster & { this_week: string; peak_size_24h: number; examples: Example[] })[];
}

/** Failure modes clustered by meaning: sizes over time, labels, terms, exemplars and members, and the weekly report. */
export function FailureModesPage({ agent }: { agent?: string }) {
  const [state, setState] = useState('active');
  const clusters = usePoll((s) => api.get<{ clusters: Cluster[] }>('/api/v1/analytics/clusters',
    { agent_id: agent, state }, s), 5 * 60_000, [agent, state]);
  const report = usePoll((s) => api.get<Report>('/api/v1/analytics/clusters/report', { agent_id: agent }, s),
    5 * 60_000, [agent]);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = clusters.data?.clusters ?? [];
  const selected = list.find((c) => c.id === chosen) ?? list[0];
  const r = report.data;
  return (
    <div class="page">
      <h1>Failure modes</h1>
      <Panel title={`This week${r ? ` (${r.week})` : ''}`} refresh="5 min" loading={report.loading} error={report.error} wide>
        {r && (
          <div class="tiles">
            <Tile label="Active modes" value={number(r.summary.active_modes)} />
            <Tile label="New" value={number(r.summary.new)} tone={r.summary.new > 0 ? 'warn' : undefined} />
            <Tile label="Resolved" value={number(r.summary.resolved)} tone={r.summary.resolved > 0 ? 'good' : undefined} />
            <Tile label="Merged / split" value={`${number(r.summary.merged)} / ${number(r.summary.split)}`} />
          </div>
        )}
      </Panel>
      <Panel title="Clusters" refresh="5 min" loading={clusters.loading} error={clusters.error} wide
             empty={!clusters.loading && !list.length && `No ${state} failure modes${agent ? ` for ${agent}` : ''}.`}
             actions={
               <label>
                 <span class="visually-hidden">State</span>
                 <select value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
                   {['active', 'resolved', 'merged', 'split'].map((s) => <option key={s} value={s}>{s}</option>)}
                 </select>
               </label>
             }>
        <Chart label="Size of each failure mode in the last 24 hours" height={Math.max(160, Math.min(list.length, 12) * 28 + 40)} option={{
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'value' },
          yAxis: { type: 'category', inverse: true, data: list.slice(0, 12).map((c) => c.label), axisLabel: { width: 260, overflow: 'truncate' } },
          series: [
            { type: 'bar', name: 'last 24 h', data: list.slice(0, 12).map((c) => c.size_24h) },
            { type: 'bar', name: 'in window', data: list.slice(0, 12).map((c) => c.size) },
          ],
        }} />
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Mode</th><th scope="col">Agent</th><th scope="col">Size</th><th scope="col">24 h</th>
              <th scope="col">Trend</th><th scope="col">Key phrases</th><th scope="col">Last seen</th></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} class={selected?.id === c.id ? 'selected' : ''}>
                  <td><button type="button" class="link" onClick={() => setChosen(c.id)}>{c.label}</button></td>
                  <td>{c.agent_id}</td>
                  <td>{number(c.size)}</td>
                  <td>{number(c.size_24h)}</td>
                  <td>{c.trend}</td>
                  <td class="text">{c.top_terms.slice(0, 5).join(', ')}</td>
                  <td>{time(c.last_seen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {selected && <ClusterView id={selected.id} />}
    </div>
  );
}

function ClusterView({ id }: { id: string }) {
  const detail = usePoll((s) => api.get<ClusterDetail>(`/api/v1/analytics/clusters/${encodeURIComponent(id)}`,
    { member_limit: 50 }, s), 5 * 60_000, [id]);
  const d = detail.data;
  const sized = (d?.history ?? []).filter((h) => h.size !== undefined);
  return (
    <Panel title={d ? `Mode: ${d.label}` : 'Mode'} refresh="5 min" loading={detail.loading} error={detail.error} wide>
      {d && (
        <>
          <dl class="facts">
            <dt>State</dt><dd>{d.state}</dd>
            <dt>Seen</dt><dd>{time(d.first_seen)} – {time(d.last_seen)}</dd>
            <dt>Intents</dt><dd>{d.top_intents.map((i) => `${i.intent_category} (${i.count})`).join(', ') || '–'}</dd>
            <dt>Versions</dt><dd>{d.top_agent_versions.map((v) => `${v.agent_version} (${v.count})`).join(', ') || '–'}</dd>
          </dl>
          {sized.length > 0 && (
            <Chart label={`Size of failure mode ${d.label} at each clustering run`} height={200} option={{
              xAxis: { type: 'time' },
              yAxis: { type: 'value', min: 0 },
              series: [
                { type: 'line', name: 'size', step: 'end', data: sized.map((h) => [h.at, h.size]) },
                { type: 'line', name: 'last 24 h', step: 'end', data: sized.map((h) => [h.at, h.size_24h ?? null]) },
              ],
            }} />
          )}
          <h3>Closest to the centre</h3>
          <ul class="list">
            {d.exemplars.map((e) => (
              <li key={e.feedback_id}>“{e.text}” <span class="muted small">{time(e.timestamp)} · {e.intent_category ?? '–'} · {e.agent_version ?? '–'}</span></li>
            ))}
          </ul>
          <p class="muted small">
            {number(d.member_count)} members{d.members_truncated ? `, the first ${d.member_ids.length} listed` : ''}:{' '}
            {d.member_ids.map((m) => <code key={m}>{m} </code>)}
          </p>
        </>
      )}
    </Panel>
  );
}
