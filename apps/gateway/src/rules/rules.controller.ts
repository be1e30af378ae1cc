import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Rule } from '@sluice/contracts/db';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '../auth/require-scope.decorator';
import { DatabaseUnavailableInterceptor } from '../database/database-unavailable.interceptor';
import { ApiProblemResponses } from '../problem/api-problem-responses';
import { RULE_BODY_SCHEMA, RULE_LIST_SCHEMA, RULE_SCHEMA } from './rule.schemas';
import { RulesService } from './rules.service';

@ApiTags('rules (admin)')
@ApiBearerAuth()
@RequireScope('admin')
@UseInterceptors(DatabaseUnavailableInterceptor)
@Controller('v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ApiOperation({ summary: 'List deployed rules' })
  @ApiResponse({ status: 200, schema: RULE_LIST_SCHEMA })
  @ApiProblemResponses('UNAUTHENTICATED', 'FORBIDDEN', 'DATABASE_UNAVAILABLE')
  async list(): Promise<{ rules: Rule[] }> {
    return { rules: await this.rules.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule with its version and the status the CEP runner reported' })
  @ApiResponse({ status: 200, schema: RULE_SCHEMA })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DATABASE_UNAVAILABLE',
  )
  get(@Param('id') id: string): Promise<Rule> {
    return this.rules.get(id);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Create or replace a rule (Flink SQL)',
    description:
      'The SQL is checked with the engine before it is stored; errors answer 422 with line and column. An unchanged definition keeps its version.',
  })
  @ApiBody({ schema: RULE_BODY_SCHEMA })
  @ApiResponse({ status: 201, description: 'created', schema: RULE_SCHEMA })
  @ApiResponse({ status: 200, description: 'replaced (or unchanged)', schema: RULE_SCHEMA })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'SQL_SYNTAX',
    'PLAN_INVALID',
    'NOT_SUPPORTED',
    'DATABASE_UNAVAILABLE',
  )
  async put(
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Rule> {
    const saved = await this.rules.deploy(id, body);
    void reply.status(saved.isCreated ? 201 : 200);
    return saved.rule;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule; the CEP runner stops it' })
  @ApiResponse({ status: 204, description: 'deleted' })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DATABASE_UNAVAILABLE',
  )
  async delete(@Param('id') id: string): Promise<void> {
    await this.rules.delete(id);
  }
}
