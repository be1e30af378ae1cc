import { FlowProducer, Queue, Worker, type Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { testRedisOptions, uniqueName } from '../../harness/test-context';

interface Closable {
  close(): Promise<void>;
}

describe('Redis and BullMQ from the harness', () => {
  // Closed in reverse creation order after each test: workers before the queues they read.
  const opened: Closable[] = [];
  const queues: Queue[] = [];

  function open<T extends Closable>(resource: T): T {
    opened.push(resource);
    return resource;
  }

  function queue(name: string): Queue {
    const created = open(new Queue(name, { connection: testRedisOptions() }));
    queues.push(created);
    return created;
  }

  afterEach(async () => {
    for (const resource of opened
      .splice(0)
      .reverse()
      .filter((r) => !(r instanceof Queue)))
      await resource.close();
    for (const created of queues.splice(0)) {
      await created.obliterate({ force: true });
      await created.close();
    }
  });

  it('fires a job scheduler repeatedly into a worker', async () => {
    const name = uniqueName('queue');
    const ticks = queue(name);
    const fired: Job[] = [];
    const firedTwice = new Promise<void>((resolve) => {
      open(
        new Worker(
          name,
          async (job) => {
            fired.push(job);
            if (fired.length === 2) resolve();
          },
          { connection: testRedisOptions() },
        ),
      );
    });

    await ticks.upsertJobScheduler(
      'every-200ms',
      { every: 200 },
      { name: 'tick', data: { source: 'scheduler' } },
    );
    await firedTwice;
    await ticks.removeJobScheduler('every-200ms');

    expect(fired[0]!.name).toBe('tick');
    expect(fired[0]!.data).toEqual({ source: 'scheduler' });
    expect(fired.every((job) => job.repeatJobKey === 'every-200ms')).toBe(true);
    expect(new Set(fired.map((job) => job.id)).size).toBe(fired.length);
  });

  it('completes a flow whose parent reads its children results', async () => {
    const parentQueue = uniqueName('parents');
    const childQueue = uniqueName('children');
    queue(parentQueue);
    queue(childQueue);
    open(
      new Worker(childQueue, async (job: Job<{ n: number }>) => job.data.n * 10, {
        connection: testRedisOptions(),
      }),
    );
    const parentDone = new Promise<{ values: Record<string, number>; total: number }>((resolve, reject) => {
      const worker = open(
        new Worker(
          parentQueue,
          async (job) => {
            const values = await job.getChildrenValues<number>();
            return { values, total: Object.values(values).reduce((sum, value) => sum + value, 0) };
          },
          { connection: testRedisOptions() },
        ),
      );
      worker.on('completed', (_job, result: { values: Record<string, number>; total: number }) =>
        resolve(result),
      );
      worker.on('failed', (_job, error) => reject(error));
    });
    const flows = open(new FlowProducer({ connection: testRedisOptions() }));

    const flow = await flows.add({
      name: 'sum',
      queueName: parentQueue,
      children: [1, 2, 3].map((n) => ({ name: 'part', queueName: childQueue, data: { n } })),
    });
    const result = await parentDone;

    expect(result.total).toBe(60);
    const childKeys = (flow.children ?? []).map((child) => `bull:${childQueue}:${child.job.id}`);
    expect(Object.keys(result.values).sort()).toEqual(childKeys.sort());
  });
});
