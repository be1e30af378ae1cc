import { SluiceError } from '@sluice/contracts';

/**
 * A produce that Kafka did not acknowledge. `isBrokerOutage` separates "Kafka cannot be
 * reached" (trip the circuit, fail everyone fast) from problems of one topic or batch (missing
 * topic, record too large) that must not take other streams down with them.
 */
export class ProduceFailure extends SluiceError {
  constructor(
    message: string,
    readonly isBrokerOutage: boolean,
    cause?: unknown,
  ) {
    super('BROKER_UNAVAILABLE', message, { cause, retriable: true });
  }
}
