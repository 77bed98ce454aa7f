import { api } from '../api';
import { Chart } from '../components/Chart';
import { Panel, Tile } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { millis, money, number, percent, time } from '../format';
import { STATUS } from '../theme';
import { IncidentTable, Incident } from './Incidents';

interface Summary {
  total_feedback: number;
  average_rating: number | null;
  completion_rate: number | null;
  escalation_rate: number | null;
  negative_signals: number;
}

interface Intents {
  intents: { intent_category: string; volume: number; success_rate: number | null; change: { success_rate: number | null } }[];
}

/** The operational metrics of a period, from the agent's traces (all zero or null until traces arrive). */
interface OperationalMetrics {
  requests: number;
  error_rate: number | null;
  p50_latency_ms: number | null;
  p95_latency_ms: number | null;
  p99_latency_ms: number | null;
  active_users: number;
  cost_per_hour: number;
  cost_per_task: number | null;
  tokens_per_minute: number;
  guardrail_triggers_per_minute: number;
}

interface SeriesPoint { start: string; value: number | null; samples: number }
export interface Series { metric: string; unit: string; points: SeriesPoint[] }
interface ErrorTypes { requests: number; errors: number; types: { error_type: string; count: number; share: number }[] }

const NO_TRACES = 'No data yet: this panel fills once the agent sends OpenTelemetry traces (POST /v1/traces).';

const operations = <T,>(path: string, query: Record<string, string | string[] | undefined>, signal: AbortSignal) =>
  api.get<T>(`/api/v1/analytics/operations/${path}`, query, signal);

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

/** The specification's agent health dashboard (21.3.1): tiles, latency, errors, success by intent, tokens, alerts. */
export function HealthPage({ agent }: { agent?: string }) {
  const q = { agent_id: agent };
  const overview = usePoll((s) => operations<{ metrics: OperationalMetrics }>('summary', { ...q, start: hourAgo() }, s), 10_000, [agent]);
  const feedback = usePoll((s) => api.get<Summary>('/api/v1/analytics/summary', q, s), 10_000, [agent]);
  const latency = usePoll((s) => operations<{ series: Series[] }>('series',
    { ...q, resolution: 'minute', metric: ['p50_latency_ms', 'p95_latency_ms', 'p99_latency_ms'] }, s), 30_000, [agent]);
  const errors = usePoll((s) => operations<ErrorTypes>('errors', q, s), 60_000, [agent]);
  const intents = usePoll((s) => api.get<Intents>('/api/v1/analytics/intents', q, s), 60_000, [agent]);
  const tokens = usePoll((s) => operations<{ series: Series[] }>('series',
    { ...q, resolution: 'minute', metric: ['tokens_per_minute'] }, s), 300_000, [agent]);
  const incidents = usePoll((s) => api.get<{ incidents: Incident[] }>('/api/v1/incidents', { ...q, limit: 10 }, s), 10_000, [agent]);

  const ops = overview.data && overview.data.metrics.requests > 0 ? overview.data.metrics : undefined;
  const fb = feedback.data;
  const tone = (value: number | null | undefined, warn: number, bad: number) =>
    value === null || value === undefined ? undefined : value > bad ? 'bad' : value > warn ? 'warn' : 'good';

  return (
    <div class="page">
      <h1>Agent health {agent ? <small>{agent}</small> : <small>all agents</small>}</h1>
      <Panel title="Health overview" refresh="10 s" loading={overview.loading && feedback.loading} updatedAt={feedback.updatedAt}
             error={feedback.error ?? overview.error} wide>
        <div class="tiles">
          <Tile label="Error rate" value={ops ? percent(ops.error_rate) : '–'} tone={tone(ops?.error_rate, 0.02, 0.05)}
                hint={ops ? `${number(ops.requests)} requests, last hour` : 'no traces yet'} />
          <Tile label="Active users" value={ops ? number(ops.active_users) : '–'} hint={ops ? 'last hour' : 'no traces yet'} />
          <Tile label="P95 latency" value={ops ? millis(ops.p95_latency_ms) : '–'}
                tone={tone(ops?.p95_latency_ms, 3000, 5000)} hint={ops ? 'last hour' : 'no traces yet'} />
          <Tile label="Cost / hour" value={ops ? money(ops.cost_per_hour) : '–'} hint={ops ? `${money(ops.cost_per_task)} per task` : 'no traces yet'} />
          <Tile label="Task success" value={percent(fb?.completion_rate)}
                tone={fb?.completion_rate == null ? undefined : fb.completion_rate < 0.8 ? 'bad' : fb.completion_rate < 0.9 ? 'warn' : 'good'}
                hint={fb ? `${number(fb.total_feedback)} feedback, 7 days` : undefined} />
          <Tile label="Average rating" value={fb?.average_rating == null ? '–' : `${fb.average_rating.toFixed(2)} / 5`}
                hint={fb ? `${number(fb.negative_signals)} negative signals` : undefined} />
        </div>
      </Panel>
      <div class="grid">
        <Panel title="Latency over time" refresh="30 s" loading={latency.loading} error={latency.error}
               empty={!latency.loading && !hasPoints(latency.data?.series) && NO_TRACES}>
          <Chart label="P50, P95 and P99 latency over the last day" option={lines(latency.data?.series ?? [], 'ms')} />
        </Panel>
        <Panel title="Error distribution" refresh="1 min" loading={errors.loading} error={errors.error}
               empty={!errors.loading && !(errors.data?.types.length) && (errors.data?.requests ? 'No errors in the last day.' : NO_TRACES)}>
          <Chart label="Errors by type" option={{
            tooltip: { trigger: 'item' },
            series: [{ type: 'pie', radius: ['40%', '70%'], data: (errors.data?.types ?? []).map((e) => ({ name: e.error_type, value: e.count })) }],
          }} />
        </Panel>
        <Panel title="Task success by intent" refresh="1 min" loading={intents.loading} error={intents.error}
               empty={!intents.loading && !(intents.data?.intents.length) && 'No feedback with an intent in the last 7 days.'}>
          <Chart label="Task success rate per intent category" option={{
            xAxis: { type: 'category', data: (intents.data?.intents ?? []).map((i) => i.intent_category) },
            yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
            tooltip: { trigger: 'axis', valueFormatter: (v: number) => percent(v) },
            series: [{ type: 'bar', name: 'task success', data: (intents.data?.intents ?? []).map((i) => i.success_rate),
              markLine: { silent: true, symbol: 'none', lineStyle: { color: STATUS.bad }, label: { formatter: 'alert 80 %' }, data: [{ yAxis: 0.8 }] } }],
          }} />
        </Panel>
        <Panel title="Token usage" refresh="5 min" loading={tokens.loading} error={tokens.error}
               empty={!tokens.loading && !hasPoints(tokens.data?.series) && NO_TRACES}>
          <Chart label="Tokens per minute over the last day" option={lines(tokens.data?.series ?? [], 'tokens/min', true)} />
        </Panel>
      </div>
      <Panel title="Recent alerts & incidents" refresh="10 s" loading={incidents.loading} error={incidents.error} wide
             empty={!incidents.loading && !(incidents.data?.incidents.length) && 'No incidents. Rules that fire open one here.'}>
        <IncidentTable incidents={incidents.data?.incidents ?? []} />
        <p class="muted small">Updated {time(incidents.updatedAt)}</p>
      </Panel>
    </div>
  );
}

function hasPoints(series?: Series[]) {
  return Boolean(series?.some((s) => s.points.some((p) => p.value !== null)));
}

export function lines(series: Series[], unit: string, area = false) {
  return {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'left' } },
    dataZoom: [{ type: 'inside' }],
    series: series.map((s) => ({
      type: 'line', name: s.metric, areaStyle: area ? { opacity: 0.15 } : undefined,
      data: s.points.map((p) => [p.start, p.value]),
    })),
  };
}
