/** A continuous rule: a Flink SQL script the CEP runner executes in streaming mode. */
export interface RuleDefinition {
  readonly id: string;
  readonly sql: string;
  readonly enabled: boolean;
  readonly version: number;
}

export type RuleStatus = 'pending' | 'running' | 'failed' | 'stopped';
