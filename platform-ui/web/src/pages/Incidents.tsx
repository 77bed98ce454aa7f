import { useState } from 'preact/hooks';
import { api } from '../api';
import { Panel, describe } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { number, time } from '../format';

export interface Incident {
  id: string;
  agent_id: string;
  rule: string;
  metric: string | null;
  value: number | null;
  threshold: string | null;
  since: string | null;
  state: string;
  severity?: string | null;
  opened_at: string;
  actions: string[];
  alert_ids: string[];
  ticket_ids: string[];
}

interface Alert {
  id: string;
  incident_id: string;
  channel: string;
  severity: string | null;
  title: string;
  state: string;
  raised_at: string;
  acknowledged_by: string | null;
}

interface Ticket { id: string; incident_id: string | null; title: string; priority: string; state: string; created_at?: string }
interface Run { id: string; incident_id: string | null; state: string; verdict?: string | null; dataset?: string; pipeline?: string; requested_at?: string }
interface TestCase { id: string; cluster_id?: string | null; state: string; input?: string }

export function IncidentTable({ incidents }: { incidents: Incident[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Incidents, newest first</caption>
        <thead><tr><th scope="col">Opened</th><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Agent</th>
          <th scope="col">Metric</th><th scope="col">State</th></tr></thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <td>{time(i.opened_at)}</td>
              <td><span class={`badge ${i.severity ?? 'warning'}`}>{i.severity ?? '–'}</span></td>
              <td><a href={`#/incidents?incident=${encodeURIComponent(i.id)}&agent=${encodeURIComponent(i.agent_id)}`}>{i.rule}</a></td>
              <td>{i.agent_id}</td>
              <td>{i.metric ? `${i.metric} ${i.value === null ? '' : number(i.value, 3)} (${i.threshold ?? ''})` : '–'}</td>
              <td><span class={`badge state-${i.state}`}>{i.state}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Incidents and the work they started: alerts, tickets, test cases, evaluation and pipeline runs. */
export function IncidentsPage({ agent, canManage }: { agent?: string; canManage: boolean }) {
  const q = { agent_id: agent, limit: 100 };
  const incidents = usePoll((s) => api.get<{ incidents: Incident[] }>('/api/v1/incidents', q, s), 10_000, [agent]);
  const alerts = usePoll((s) => api.get<{ alerts: Alert[] }>('/api/v1/alerts', q, s), 10_000, [agent]);
  const tickets = usePoll((s) => api.get<{ tickets: Ticket[] }>('/api/v1/tickets', q, s), 30_000, [agent]);
  const testCases = usePoll((s) => api.get<{ test_cases: TestCase[] }>('/api/v1/test-cases', q, s), 60_000, [agent]);
  const evaluations = usePoll((s) => api.get<{ evaluation_runs: Run[] }>('/api/v1/evaluation-runs', q, s), 30_000, [agent]);
  const pipelines = usePoll((s) => api.get<{ pipeline_runs: Run[] }>('/api/v1/pipeline-runs', q, s), 30_000, [agent]);
  const [actionError, setActionError] = useState<unknown>(null);

  const act = async (path: string, body: unknown) => {
    setActionError(null);
    try {
      await api.post(path, body);
      alerts.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <div class="page">
      <h1>Incidents &amp; work</h1>
      <Panel title="Incidents" refresh="10 s" loading={incidents.loading} error={incidents.error} wide
             empty={!incidents.loading && !incidents.data?.incidents.length && 'No incidents.'}>
        <IncidentTable incidents={incidents.data?.incidents ?? []} />
      </Panel>
      <Panel title="Alerts" refresh="10 s" loading={alerts.loading} error={alerts.error ?? actionError} wide
             empty={!alerts.loading && !alerts.data?.alerts.length && 'No alerts.'}>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Raised</th><th scope="col">Severity</th><th scope="col">Title</th><th scope="col">Channel</th>
              <th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {(alerts.data?.alerts ?? []).map((a) => (
                <tr key={a.id}>
                  <td>{time(a.raised_at)}</td>
                  <td><span class={`badge ${a.severity ?? 'warning'}`}>{a.severity ?? '–'}</span></td>
                  <td>{a.title}</td>
                  <td>{a.channel}</td>
                  <td><span class={`badge state-${a.state}`}>{a.state}</span>{a.acknowledged_by && <span class="muted small"> by {a.acknowledged_by}</span>}</td>
                  <td class="actions">
                    {canManage && a.state === 'raised' && (
                      <button type="button" onClick={() => act(`/api/v1/alerts/${encodeURIComponent(a.id)}/acknowledge`, {})}>Acknowledge</button>
                    )}
                    {canManage && a.state !== 'resolved' && (
                      <button type="button" class="ghost" onClick={() => act(`/api/v1/alerts/${encodeURIComponent(a.id)}/resolve`, { reason: 'resolved in the dashboard' })}>Resolve</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {actionError ? <p class="error" role="alert">{describe(actionError)}</p> : null}
      </Panel>
      <div class="grid">
        <Panel title="Tickets" refresh="30 s" loading={tickets.loading} error={tickets.error}
               empty={!tickets.loading && !tickets.data?.tickets.length && 'No tickets.'}>
          <ul class="list">{(tickets.data?.tickets ?? []).map((t) => (
            <li key={t.id}><span class={`badge ${t.priority}`}>{t.priority}</span> {t.title} <span class={`badge state-${t.state}`}>{t.state}</span></li>
          ))}</ul>
        </Panel>
        <Panel title="Test cases" refresh="1 min" loading={testCases.loading} error={testCases.error}
               empty={!testCases.loading && !testCases.data?.test_cases.length && 'No test cases.'}>
          <ul class="list">{(testCases.data?.test_cases ?? []).map((t) => (
            <li key={t.id}><code>{t.id}</code> <span class={`badge state-${t.state}`}>{t.state}</span> {t.input?.slice(0, 80)}</li>
          ))}</ul>
        </Panel>
        <Panel title="Evaluation runs" refresh="30 s" loading={evaluations.loading} error={evaluations.error}
               empty={!evaluations.loading && !evaluations.data?.evaluation_runs.length && 'No evaluation runs.'}>
          <ul class="list">{(evaluations.data?.evaluation_runs ?? []).map((r) => (
            <li key={r.id}><code>{r.id}</code> {r.dataset} <span class={`badge state-${r.state}`}>{r.state}</span> {r.verdict && <span class={`badge ${r.verdict}`}>{r.verdict}</span>}</li>
          ))}</ul>
        </Panel>
        <Panel title="Pipeline runs" refresh="30 s" loading={pipelines.loading} error={pipelines.error}
               empty={!pipelines.loading && !pipelines.data?.pipeline_runs.length && 'No pipeline runs.'}>
          <ul class="list">{(pipelines.data?.pipeline_runs ?? []).map((r) => (
            <li key={r.id}><code>{r.id}</code> {r.pipeline} <span class={`badge state-${r.state}`}>{r.state}</span></li>
          ))}</ul>
        </Panel>
      </div>
    </div>
  );
}
