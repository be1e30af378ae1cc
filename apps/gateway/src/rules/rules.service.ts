import { Injectable } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import type { Rule } from '@sluice/contracts/db';
import { checkDefinitionId, compileBodyValidator } from '../common/body-validator';
import { SqlValidator } from '../sql/sql-validator';
import { RuleRepository, type SavedRule } from './rule.repository';
import { RULE_BODY_SCHEMA, type RuleBody } from './rule.schemas';

const parseRuleBody = compileBodyValidator<RuleBody>(RULE_BODY_SCHEMA);

/** Deploys rules: validate the body and the Flink SQL, then store. The CEP runner picks them up. */
@Injectable()
export class RulesService {
  constructor(
    private readonly repository: RuleRepository,
    private readonly sql: SqlValidator,
  ) {}

  list(): Promise<Rule[]> {
    return this.repository.list();
  }

  async get(id: string): Promise<Rule> {
    checkDefinitionId('rule', id);
    const rule = await this.repository.find(id);
    if (!rule) throw new SluiceError('NOT_FOUND', `no rule '${id}'`);
    return rule;
  }

  /** Throws REQUEST_MALFORMED (400) for a bad body, SQL_SYNTAX etc. (422, with line:column) for bad SQL. */
  deploy(id: string, body: unknown): Promise<SavedRule> {
    checkDefinitionId('rule', id);
    const { sql, enabled = true } = parseRuleBody(body);
    this.sql.validateRule(sql);
    return this.repository.save(id, { sql, enabled });
  }

  async delete(id: string): Promise<void> {
    checkDefinitionId('rule', id);
    if (!(await this.repository.delete(id))) throw new SluiceError('NOT_FOUND', `no rule '${id}'`);
  }
}
