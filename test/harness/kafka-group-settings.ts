import { setTimeout as delay } from 'node:timers/promises';
import { PartitionAssigners, type ConsumerConfig, type PartitionAssigner } from 'kafkajs';

/**
 * librdkafka 2.0.2's mock broker completes a group's sync as soon as the leader's SyncGroup
 * (carrying every member's assignment) arrives; a follower whose SyncGroup comes later gets
 * INVALID_REQUEST, which kafkajs treats as fatal: the member crashes and never restarts.
 * Followers send SyncGroup right after their JoinGroup response while the leader first
 * computes the assignment, so delaying the leader a little makes the followers win the race.
 */
export const MOCK_LEADER_SYNC_DELAY_MS = 300;

/** kafkajs's round-robin assigner (same protocol name, so it mixes with plain members), leader delayed. */
export function leaderDelayedRoundRobin(delayMs = MOCK_LEADER_SYNC_DELAY_MS): PartitionAssigner {
  return (config) => {
    const roundRobin = PartitionAssigners.roundRobin(config);
    return {
      ...roundRobin,
      assign: async (group) => {
        await delay(delayMs);
        return roundRobin.assign(group);
      },
    };
  };
}

/**
 * Consumer group settings that keep kafkajs quick and safe on the mock broker: it answers a new
 * group's first join after 3 s and a rebalance after (session timeout - 1 s), and it does not
 * wake up long-polling fetches when data arrives. Harmless against a real broker.
 */
export const MOCK_FRIENDLY_GROUP: Pick<
  ConsumerConfig,
  'sessionTimeout' | 'rebalanceTimeout' | 'heartbeatInterval' | 'maxWaitTimeInMs' | 'partitionAssigners'
> = {
  sessionTimeout: 4_000,
  rebalanceTimeout: 4_000,
  heartbeatInterval: 300,
  maxWaitTimeInMs: 100,
  partitionAssigners: [leaderDelayedRoundRobin()],
};
