import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';

/** What a member tells the group leader about itself (the protocol's user data, JSON). */
export interface OwnerClaim {
  /** The member holds the partitions now: keeping them there avoids a state handover. */
  readonly isOwner: boolean;
  readonly startedAtMs: number;
}

export const SINGLE_OWNER_PROTOCOL = 'SluiceSingleOwner';

/**
 * Gives every partition of every subscribed topic to ONE member; the others stand by.
 *
 * Why not spread partitions: a rule's state is global (a GROUP BY product sees every customer
 * partition, a join sees two topics keyed differently), so splitting partitions between
 * processes would split windows and joins. Until repartition topics exist (DESIGN.md, scale-out
 * plan), one member runs all rules and the others take over on failure. The choice is sticky:
 * the current owner keeps the partitions, otherwise the longest-running member gets them.
 *
 * The leader waits `delayMs` before answering: librdkafka's mock broker completes a sync as
 * soon as the leader's SyncGroup arrives and fails followers that come later
 * (test/harness/kafka-group-settings.ts); against a real broker it only slows rebalances a bit.
 */
export function singleOwnerAssigner(claim: () => OwnerClaim, delayMs: number): PartitionAssigner {
  return ({ cluster }) => ({
    name: SINGLE_OWNER_PROTOCOL,
    version: 0,
    protocol({ topics }) {
      const userData = Buffer.from(JSON.stringify(claim()));
      return { name: SINGLE_OWNER_PROTOCOL, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData }) };
    },
    async assign({ members, topics }) {
      if (delayMs > 0) await delay(delayMs);
      const owner = chooseOwner(members.map((m) => ({ memberId: m.memberId, claim: decodeClaim(m.memberMetadata) })));
      const assignment: Record<string, number[]> = {};
      for (const topic of topics) assignment[topic] = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId).sort((a, b) => a - b);
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: m.memberId === owner ? assignment : {}, userData: Buffer.alloc(0) }),
      }));
    },
  });
}

/** The current owner if one claims it, else the member running longest (ties: smallest id). */
export function chooseOwner(members: readonly { memberId: string; claim: OwnerClaim | undefined }[]): string | undefined {
  const rank = (m: { memberId: string; claim: OwnerClaim | undefined }) => [m.claim?.isOwner ? 0 : 1, m.claim?.startedAtMs ?? Number.MAX_SAFE_INTEGER] as const;
  const sorted = [...members].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
  });
  return sorted[0]?.memberId;
}

function decodeClaim(metadata: Buffer): OwnerClaim | undefined {
  try {
    const decoded = AssignerProtocol.MemberMetadata.decode(metadata);
    if (!decoded?.userData || decoded.userData.length === 0) return undefined;
    const parsed = JSON.parse(decoded.userData.toString('utf8')) as Partial<OwnerClaim>;
    return { isOwner: parsed.isOwner === true, startedAtMs: Number(parsed.startedAtMs) || Number.MAX_SAFE_INTEGER };
  } catch {
    return undefined; // a member of another kind (another client): never preferred
  }
}
