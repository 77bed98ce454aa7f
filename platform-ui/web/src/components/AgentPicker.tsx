import { api } from '../api';
import { setParam } from '../router';
import { usePoll } from './usePoll';

export interface Agent {
  agent_id: string;
  agent_versions: string[];
  intent_categories: string[];
  first_seen: string;
  last_seen: string;
}

export function useAgents() {
  return usePoll((signal) => api.get<{ agents: Agent[] }>('/api/v1/analytics/agents', undefined, signal), 60_000, []);
}

/** Which agent every page shows; kept in the address, so a link shares the view. */
export function AgentPicker({ agent }: { agent?: string }) {
  const agents = useAgents();
  const list = agents.data?.agents ?? [];
  return (
    <label class="agent-picker">
      <span class="visually-hidden">Agent</span>
      <select value={agent ?? ''} onChange={(e) => setParam('agent', (e.target as HTMLSelectElement).value || undefined)}>
        <option value="">All agents</option>
        {list.map((a) => <option key={a.agent_id} value={a.agent_id}>{a.agent_id}</option>)}
      </select>
    </label>
  );
}
