import { Extensions } from 'type-graphql';

/** Field extension read by db/replicas.ts: an operation selecting such a Query field runs on the primary. */
export const PRIMARY_EXTENSION = 'onPrimary';

/**
 * Marks a Query field that writes (an audited read) or must see the primary's latest state: an
 * operation that selects it never reads from a standby (which would refuse the write).
 */
export function OnPrimary(): MethodDecorator {
  return Extensions({ [PRIMARY_EXTENSION]: true }) as never;
}
