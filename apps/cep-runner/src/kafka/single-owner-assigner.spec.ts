import { AssignerProtocol, type Cluster } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { chooseOwner, singleOwnerAssigner, type OwnerClaim } from './single-owner-assigner';

function member(memberId: string, claim: OwnerClaim | undefined) {
  const userData = claim ? Buffer.from(JSON.stringify(claim)) : Buffer.alloc(0);
  return { memberId, memberMetadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['orders'], userData }) };
}

describe(chooseOwner.name, () => {
  it('keeps the partitions with the member that owns them', () => {
    expect(chooseOwner([{ memberId: 'b', claim: { isOwner: false, startedAtMs: 1 } }, { memberId: 'a', claim: { isOwner: true, startedAtMs: 9 } }])).toBe('a');
  });

  it('otherwise gives them to the longest-running member, then the smallest id', () => {
    expect(chooseOwner([{ memberId: 'b', claim: { isOwner: false, startedAtMs: 5 } }, { memberId: 'a', claim: { isOwner: false, startedAtMs: 7 } }])).toBe('b');
    expect(chooseOwner([{ memberId: 'b', claim: undefined }, { memberId: 'a', claim: undefined }])).toBe('a');
    expect(chooseOwner([])).toBeUndefined();
  });
});

describe(singleOwnerAssigner.name, () => {
  it('assigns every partition of every topic to one member and nothing to the others', async () => {
    const cluster = { findTopicPartitionMetadata: (topic: string) => (topic === 'orders' ? [2, 0, 3, 1] : [0, 1]).map((partitionId) => ({ partitionId })) } as unknown as Cluster;
    const assigner = singleOwnerAssigner(() => ({ isOwner: false, startedAtMs: 0 }), 0)({ cluster, groupId: 'g', logger: undefined as never });
    const result = await assigner.assign({ members: [member('m1', { isOwner: false, startedAtMs: 10 }), member('m2', { isOwner: true, startedAtMs: 20 })], topics: ['orders', 'payments'] });
    const decoded = Object.fromEntries(result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment]));
    expect(decoded).toEqual({ m1: {}, m2: { orders: [0, 1, 2, 3], payments: [0, 1] } });
  });
});
