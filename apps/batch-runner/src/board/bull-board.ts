import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { BullMqAdapter } from '../queues/bullmq.adapter';
import type { AdminKeyAuthenticator } from './admin-key.authenticator';

/**
 * Bull Board at `path` (queues, runs, tasks and their failures), behind the admin API key: every
 * request under the path is checked first; a browser gets a Basic challenge (password = key).
 */
export async function mountBullBoard(
  app: NestFastifyApplication,
  queues: BullMqAdapter,
  auth: AdminKeyAuthenticator,
  path: string,
): Promise<void> {
  const board = new FastifyAdapter();
  board.setBasePath(path);
  createBullBoard({
    queues: queues.allQueues().map((q) => new BullMQAdapter(q)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Sluice batch runner' } },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (await auth.isAdmin(request.headers.authorization)) return;
        await reply
          .code(401)
          .header('www-authenticate', 'Basic realm="Sluice batch runner", charset="UTF-8"')
          .type('application/problem+json')
          .send({
            type: 'https://sluice.dev/problems/unauthenticated',
            title: 'Missing or invalid API key',
            status: 401,
            detail: 'Bull Board needs an admin API key (Bearer, or Basic with the key as password)',
          });
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: path },
  );
}
