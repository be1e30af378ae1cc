import { SluiceError } from '@sluice/contracts';

/** Another runner claimed the group's checkpoints: this one must stop writing and rejoin. */
export class FencedError extends SluiceError {
  constructor(groupId: string, myEpoch: string, currentEpoch: string) {
    super('EXECUTION_FAILED', `checkpoint fenced: group '${groupId}' is at epoch ${currentEpoch}, this runner holds ${myEpoch}`, { retriable: true });
  }
}
