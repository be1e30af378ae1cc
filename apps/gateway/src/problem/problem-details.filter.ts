import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-document';

/**
 * The one global exception filter: whatever was thrown, the client gets RFC 9457
 * application/problem+json built from the code table, with Retry-After on 429/503. Unexpected
 * errors are logged with their stack and answered as a 500 carrying only a correlation id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(error, request.url, String(request.id));
    if (problem.isUnexpected) {
      this.logger.error({
        correlationId: request.id,
        err: error,
        msg: `unexpected error on ${request.method} ${request.url}`,
      });
    }
    if (reply.sent) return;
    if (problem.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(problem.retryAfterSeconds));
    void reply
      .status(problem.document.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem.document);
  }
}
