import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The operator state of one running rule at the group's last checkpoint (engine snapshot bytes). */
@Entity({ name: 'sluice_cep_rule_states' })
export class CepRuleState {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 200 })
  groupId!: string;

  @PrimaryColumn({ name: 'rule_id', type: 'varchar', length: 128 })
  ruleId!: string;

  /** The rule version the state belongs to: a changed rule starts from empty state. */
  @Column({ name: 'rule_version', type: 'int' })
  ruleVersion!: number;

  @Column({ type: 'longblob' })
  state!: Buffer;

  @Column({ name: 'checkpoint_id', type: 'bigint' })
  checkpointId!: string;
}
