import { Module } from '@nestjs/common';
import { SqlValidator } from '../sql/sql-validator';
import { RuleRepository } from './rule.repository';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  providers: [RuleRepository, RulesService, SqlValidator],
  controllers: [RulesController],
})
export class RulesModule {}
