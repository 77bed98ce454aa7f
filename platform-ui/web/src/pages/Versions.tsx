import { useState } from 'preact/hooks';
import { api } from '../api';
import { Chart } from '../components/Chart';
import { Panel } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { millis, money, number, percent } from '../format';

interface FeedbackSummary {
  total_feedback: number;
  average_rating: number | null;
  completion_rate: number | null;
  escalation_rate: number | null;
  retry_rate: number | null;
  thumbs_up_rate: number | null;
}

interface Operational {
  requests: number;
  error_rate: number | null;
  p50_latency_ms: number | null;
  p95_latency_ms: number | null;
  p99_latency_ms: number | null;
  cost_per_task: number | null;
  guardrail_triggers_per_minute: number;
}

interface Day { date: string; agent_version?: string; feedback_count: number }

interface Row {
  label: string;
  read: (f?: FeedbackSummary, o?: Operational) => number | null | undefined;
  show: (v: number | null | undefined) => string;
  /** Whether a higher value is better (a worse candidate is flagged). */
  higherIsBetter: boolean;
}

const ROWS: Row[] = [
  { label: 'Feedback', read: (f) => f?.total_feedback, show: (v) => number(v), higherIsBetter: true },
  { label: 'Task completion', read: (f) => f?.completion_rate, show: percent, higherIsBetter: true },
  { label: 'Average rating', read: (f) => f?.average_rating, show: (v) => number(v, 2), higherIsBetter: true },
  { label: 'Thumbs up', read: (f) => f?.thumbs_up_rate, show: percent, higherIsBetter: true },
  { label: 'Escalation', read: (f) => f?.escalation_rate, show: percent, higherIsBetter: false },
  { label: 'Retry', read: (f) => f?.retry_rate, show: percent, higherIsBetter: false },
  { label: 'Requests (traces)', read: (_, o) => o?.requests, show: (v) => number(v), higherIsBetter: true },
  { label: 'Error rate', read: (_, o) => o?.error_rate, show: percent, higherIsBetter: false },
  { label: 'P50 latency', read: (_, o) => o?.p50_latency_ms, show: millis, higherIsBetter: false },
  { label: 'P95 latency', read: (_, o) => o?.p95_latency_ms, show: millis, higherIsBetter: false },
  { label: 'P99 latency', read: (_, o) => o?.p99_latency_ms, show: millis, higherIsBetter: false },
  { label: 'Cost per task', read: (_, o) => o?.cost_per_task, show: money, higherIsBetter: false },
  { label: 'Guardrail triggers / min', read: (_, o) => o?.guardrail_triggers_per_minute, show: (v) => number(v, 2), higherIsBetter: false },
];

const weekAgo = () => new Date(Date.now() - 7 * 86_400_000).toISOString();

/** Two versions of one agent side by side on every metric over the same week: the canary view of 21.2.2. */
export function VersionsPage({ agent }: { agent?: string }) {
  const days = usePoll((s) => api.get<{ days: Day[] }>('/api/v1/analytics/daily',
    { agent_id: agent, group_by: 'agent_version', from: weekAgo().slice(0, 10) }, s), 60_000, [agent]);
  const versions = [...new Set((days.data?.days ?? []).map((d) => d.agent_version).filter((v): v is string => Boolean(v)))].sort();
  const [picked, setPicked] = useState<[string | null, string | null]>([null, null]);
  const baseline = picked[0] ?? versions[versions.length - 2] ?? versions[0] ?? null;
  const candidate = picked[1] ?? versions[versions.length - 1] ?? null;
  if (!agent) {
    return <div class="page"><h1>Versions</h1><p class="empty">Choose an agent above to compare its versions.</p></div>;
  }
  return (
    <div class="page">
      <h1>Versions</h1>
      <Panel title="Compare" loading={days.loading} error={days.error} wide
             empty={!days.loading && versions.length < 1 && `No feedback from ${agent} in the last week.`}>
        <form class="search" onSubmit={(e) => e.preventDefault()}>
          <label for="baseline">Baseline</label>
          <select id="baseline" value={baseline ?? ''} onChange={(e) => setPicked([(e.target as HTMLSelectElement).value, candidate])}>
            {versions.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
          <label for="candidate">Candidate</label>
          <select id="candidate" value={candidate ?? ''} onChange={(e) => setPicked([baseline, (e.target as HTMLSelectElement).value])}>
            {versions.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </form>
      </Panel>
      {baseline && candidate && <Comparison agent={agent} baseline={baseline} candidate={candidate} />}
    </div>
  );
}

function Comparison({ agent, baseline, candidate }: { agent: string; baseline: string; candidate: string }) {
  const start = weekAgo();
  const read = (version: string) => usePoll(async (s) => {
    const [f, o] = await Promise.all([
      api.get<FeedbackSummary>('/api/v1/analytics/summary', { agent_id: agent, agent_version: version, start }, s),
      api.get<{ metrics: Operational }>('/api/v1/analytics/operations/summary', { agent_id: agent, agent_version: version, start }, s),
    ]);
    return { f, o: o.metrics };
  }, 60_000, [agent, version]);
  const a = read(baseline);
  const b = read(candidate);
  const rows = ROWS.map((r) => {
    const va = r.read(a.data?.f, a.data?.o);
    const vb = r.read(b.data?.f, b.data?.o);
    const change = va === null || va === undefined || vb === null || vb === undefined || va === 0 ? null : vb / va - 1;
    const worse = change !== null && Math.abs(change) >= 0.05 && (r.higherIsBetter ? change < 0 : change > 0);
    return { ...r, va, vb, change, worse };
  });
  const charted = rows.filter((r) => r.change !== null && r.label !== 'Feedback' && r.label !== 'Requests (traces)');
  return (
    <Panel title={`${baseline} → ${candidate}, last 7 days`} refresh="1 min" loading={a.loading || b.loading}
           error={a.error ?? b.error} wide>
      <div class="table-wrap">
        <table>
          <thead><tr><th scope="col">Metric</th><th scope="col">{baseline}</th><th scope="col">{candidate}</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.show(r.va)}</td>
                <td>{r.show(r.vb)}</td>
                <td>{r.change === null ? '–' : <span class={r.worse ? 'badge critical' : 'badge'}>{r.change > 0 ? '+' : ''}{(r.change * 100).toFixed(1)} %</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {charted.length > 0 && (
        <Chart label={`Relative change of each metric from version ${baseline} to ${candidate}`} height={Math.max(160, charted.length * 26 + 40)} option={{
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v.toFixed(1)} %` },
          xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${v} %` } },
          yAxis: { type: 'category', inverse: true, data: charted.map((r) => r.label) },
          series: [{ type: 'bar', name: 'change', data: charted.map((r) => Number(((r.change ?? 0) * 100).toFixed(2))) }],
        }} />
      )}
    </Panel>
  );
}
