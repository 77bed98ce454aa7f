import { useState } from 'preact/hooks';
import { api } from '../api';
import { Chart } from '../components/Chart';
import { Panel } from '../components/Panel';
import { usePoll } from '../components/usePoll';
import { number, percent, time } from '../format';

/** The drift levels' thresholds (analysis/drift/Psi): moderate from 0.1, significant from 0.25 (21.4's trigger). */
const MODERATE = 0.1;
const SIGNIFICANT = 0.25;

interface FeatureStatus {
  agent_id: string;
  feature: string;
  psi: number | null;
  level: string;
  state: string;
  reference_count: number;
  current_count: number;
  evaluated_at: string | null;
  detected_at: string | null;
}

interface FeatureDetail extends FeatureStatus {
  history: { evaluated_at: string; psi: number | null; level: string }[];
  histograms?: {
    bins: string[];
    reference_shares: number[];
    current_shares: number[];
    reference_count: number;
    current_count: number;
    reference_window: { from: string; to: string };
    current_window: { from: string; to: string };
  };
}

/** Per feature PSI over time with the threshold lines, and the reference and current histograms of one feature. */
export function DriftPage({ agent }: { agent?: string }) {
  const status = usePoll((s) => api.get<{ features: FeatureStatus[] }>('/api/v1/analytics/drift', { agent_id: agent }, s),
    5 * 60_000, [agent]);
  const [chosen, setChosen] = useState<FeatureStatus | null>(null);
  const features = status.data?.features ?? [];
  const selected = chosen && features.find((f) => f.feature === chosen.feature && f.agent_id === chosen.agent_id)
    ? chosen : features.find((f) => f.level === 'significant') ?? features[0] ?? null;
  return (
    <div class="page">
      <h1>Input drift</h1>
      <Panel title="Features" refresh="5 min" loading={status.loading} error={status.error} wide
             empty={!status.loading && !features.length && 'No drift measured yet: an agent needs a week of reference data and a day of current data.'}>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Agent</th><th scope="col">Feature</th><th scope="col">PSI</th><th scope="col">Level</th>
              <th scope="col">State</th><th scope="col">Samples (ref / now)</th><th scope="col">Evaluated</th></tr></thead>
            <tbody>
              {features.map((f) => (
                <tr key={`${f.agent_id}/${f.feature}`} class={selected === f ? 'selected' : ''}>
                  <td>{f.agent_id}</td>
                  <td><button type="button" class="link" onClick={() => setChosen(f)}>{f.feature}</button></td>
                  <td>{number(f.psi, 3)}</td>
                  <td><span class={`badge level-${f.level}`}>{f.level.replace(/_/g, ' ')}</span></td>
                  <td>{f.state}</td>
                  <td>{number(f.reference_count)} / {number(f.current_count)}</td>
                  <td>{time(f.evaluated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {selected && <FeatureDrift feature={selected} />}
    </div>
  );
}

function FeatureDrift({ feature }: { feature: FeatureStatus }) {
  const detail = usePoll((s) => api.get<FeatureDetail>(`/api/v1/analytics/drift/${encodeURIComponent(feature.feature)}`,
    { agent_id: feature.agent_id, limit: 500 }, s), 5 * 60_000, [feature.agent_id, feature.feature]);
  const h = detail.data?.histograms;
  const points = (detail.data?.history ?? []).filter((p) => p.psi !== null);
  return (
    <>
      <Panel title={`PSI of ${feature.feature} over time`} refresh="5 min" loading={detail.loading} error={detail.error}
             empty={!detail.loading && !points.length && 'No PSI yet for this feature (too few samples).'}>
        <Chart label={`Population stability index of ${feature.feature} per evaluation, with the moderate and significant thresholds`} option={{
          xAxis: { type: 'time' },
          yAxis: { type: 'value', min: 0 },
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => number(v, 3) },
          series: [{
            type: 'line', name: 'PSI', showSymbol: points.length < 50,
            data: points.map((p) => [p.evaluated_at, p.psi]),
            markLine: {
              symbol: 'none', silent: true,
              data: [
                { yAxis: MODERATE, name: 'moderate', label: { formatter: 'moderate 0.1' }, lineStyle: { type: 'dashed' } },
                { yAxis: SIGNIFICANT, name: 'significant', label: { formatter: 'significant 0.25' }, lineStyle: { type: 'solid' } },
              ],
            },
          }],
        }} />
      </Panel>
      <Panel title={`Reference vs current: ${feature.feature}`} refresh="5 min" loading={detail.loading} error={detail.error}
             empty={!detail.loading && !h && 'No histograms for this feature yet.'}>
        {h && (
          <>
            <p class="muted small">
              Reference {time(h.reference_window.from)} – {time(h.reference_window.to)} ({number(h.reference_count)} samples);
              current {time(h.current_window.from)} – {time(h.current_window.to)} ({number(h.current_count)} samples).
            </p>
            <Chart label={`Share of samples per bin of ${feature.feature}, reference window against current window`} option={{
              xAxis: { type: 'category', data: h.bins, axisLabel: { interval: 0, rotate: h.bins.length > 6 ? 30 : 0 } },
              yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
              tooltip: { trigger: 'axis', valueFormatter: (v: number) => percent(v) },
              series: [
                { type: 'bar', name: 'reference', data: h.reference_shares },
                { type: 'bar', name: 'current', data: h.current_shares },
              ],
            }} />
          </>
        )}
      </Panel>
    </>
  );
}

