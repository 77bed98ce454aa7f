import { useState } from 'preact/hooks';
import { api } from '../api';
import { Chart } from '../components/Chart';
import { Panel } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { number, percent, time } from '../format';

interface Day {
  date: string;
  agent_version?: string;
  feedback_count: number;
  average_user_rating: number | null;
  task_completion_rate: number | null;
  escalation_rate: number | null;
  retry_rate: number | null;
}

interface Found {
  feedback_id: string;
  trace_id: string;
  timestamp: string;
  agent_id: string | null;
  agent_version: string | null;
  intent_category: string | null;
  rating: number | null;
  thumbs: string | null;
  comment: string | null;
  task_completed: boolean | null;
}

interface Page { feedback: Found[]; next_page_token?: string | null }

interface Assessment {
  assessment_id: string;
  assessment_name: string;
  value: unknown;
  source: { source_type: string; source_id?: string };
  rationale?: string | null;
  valid?: boolean;
}

const METRICS: { key: keyof Day; label: string; rate: boolean }[] = [
  { key: 'task_completion_rate', label: 'Task completion', rate: true },
  { key: 'average_user_rating', label: 'Average rating', rate: false },
  { key: 'escalation_rate', label: 'Escalation', rate: true },
  { key: 'retry_rate', label: 'Retry', rate: true },
];

/** The daily metrics per version, the feedback search with the filter language, and one feedback with its trace's assessments. */
export function FeedbackPage({ agent }: { agent?: string }) {
  const [metric, setMetric] = useState<keyof Day>('task_completion_rate');
  const daily = usePoll((s) => api.get<{ days: Day[] }>('/api/v1/analytics/daily',
    { agent_id: agent, group_by: 'agent_version', from: daysAgo(30) }, s), 60_000, [agent]);
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const search = usePoll((s) => api.get<Page>('/api/v1/analytics/feedback',
    { filter: [agent ? `agent_id = '${agent.replace(/'/g, "''")}'` : '', applied].filter(Boolean).join(' AND ') || undefined, page_size: 50 }, s),
    null, [agent, applied]);
  const [selected, setSelected] = useState<Found | null>(null);

  const versions = [...new Set((daily.data?.days ?? []).map((d) => d.agent_version ?? '–'))];
  const chosen = METRICS.find((m) => m.key === metric)!;
  return (
    <div class="page">
      <h1>Feedback</h1>
      <Panel title="Daily metrics by version" refresh="1 min" loading={daily.loading} error={daily.error} wide
             empty={!daily.loading && !daily.data?.days.length && 'No feedback in the last 30 days.'}
             actions={
               <label>
                 <span class="visually-hidden">Metric</span>
                 <select value={metric} onChange={(e) => setMetric((e.target as HTMLSelectElement).value as keyof Day)}>
                   {METRICS.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
                 </select>
               </label>
             }>
        <Chart label={`${chosen.label} per day and agent version`} option={{
          xAxis: { type: 'time' },
          yAxis: chosen.rate ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } }
            : { type: 'value', min: 1, max: 5 },
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => (chosen.rate ? percent(v) : number(v, 2)) },
          series: versions.map((v) => ({
            type: 'line', name: `version ${v}`, showSymbol: true,
            data: (daily.data?.days ?? []).filter((d) => (d.agent_version ?? '–') === v).map((d) => [d.date, d[metric]]),
          })),
        }} />
      </Panel>
      <Panel title="Search" loading={search.loading} error={search.error} wide>
        <form class="search" onSubmit={(e) => { e.preventDefault(); setApplied(filter); }}>
          <label for="filter">Filter</label>
          <input id="filter" type="search" value={filter} placeholder="rating <= 2 AND comment LIKE '%refund%'"
                 onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
          <button type="submit">Search</button>
        </form>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Time</th><th scope="col">Version</th><th scope="col">Intent</th><th scope="col">Rating</th>
              <th scope="col">Done</th><th scope="col">Comment</th></tr></thead>
            <tbody>
              {(search.data?.feedback ?? []).map((f) => (
                <tr key={f.feedback_id} class={selected?.feedback_id === f.feedback_id ? 'selected' : ''}>
                  <td><button type="button" class="link" onClick={() => setSelected(f)}>{time(f.timestamp)}</button></td>
                  <td>{f.agent_version ?? '–'}</td>
                  <td>{f.intent_category ?? '–'}</td>
                  <td>{f.rating ?? (f.thumbs === 'up' ? '👍' : f.thumbs === 'down' ? '👎' : '–')}</td>
                  <td>{f.task_completed === null ? '–' : f.task_completed ? 'yes' : 'no'}</td>
                  <td class="text">{f.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {selected && <FeedbackItem item={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}

function FeedbackItem({ item, onClose }: { item: Found; onClose: () => void }) {
  const assessments = usePoll((s) => api.get<{ assessments: Assessment[] }>(
    `/api/v1/traces/${encodeURIComponent(item.trace_id)}/assessments`, undefined, s), null, [item.trace_id]);
  return (
    <Panel title={`Feedback ${item.feedback_id}`} wide loading={assessments.loading} error={assessments.error}
           actions={<button type="button" class="ghost" onClick={onClose}>Close</button>}>
      <dl class="facts">
        <dt>Trace</dt><dd><code>{item.trace_id}</code></dd>
        <dt>Time</dt><dd>{time(item.timestamp)}</dd>
        <dt>Agent</dt><dd>{item.agent_id} {item.agent_version}</dd>
        <dt>Comment</dt><dd>{item.comment ?? '–'}</dd>
      </dl>
      <h3>Assessments of the trace</h3>
      {assessments.data?.assessments.length ? (
        <ul class="list">{assessments.data.assessments.map((a) => (
          <li key={a.assessment_id}><strong>{a.assessment_name}</strong> = <code>{JSON.stringify(a.value)}</code>
            {' '}<span class="muted">by {a.source.source_type}{a.source.source_id ? ` ${a.source.source_id}` : ''}</span>
            {a.valid === false && <span class="badge">overridden</span>}
            {a.rationale && <p class="muted small">{a.rationale}</p>}</li>
        ))}</ul>
      ) : <p class="muted">No assessments.</p>}
    </Panel>
  );
}

function daysAgo(days: number) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
