import { type EntityName, helper } from '@mikro-orm/core';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { inTransaction } from '../../common/crud';
import { intId } from '../../common/list';
import { OnPrimary } from '../../db/on-primary';
import { writeAudit } from '../audit/audit.subscriber';
import { Laborer } from '../registry/laborer.entity';
import { Access } from './access';
import { regionCodeOf } from './scope';

/**
 * Shows one personal field of one record in full, and records that it was shown (action REVEAL, the
 * field's name, never its value) in the same transaction. Readers only (analysts see personal data
 * masked everywhere else); a record outside the caller's scope answers null, as if it did not exist.
 */
export async function reveal<E extends object>(ctx: Context, entity: EntityName<E>, id: unknown, field: keyof E & string): Promise<string | null> {
  return inTransaction(ctx, async (tx) => {
    const record = (await tx.em.findOne(entity, id as never)) as E | null;
    if (!record) return null;
    const meta = helper(record).__meta;
    await writeAudit(tx.em, [
      {
        userId: ctx.principal!.userId,
        username: ctx.principal!.username,
        action: 'REVEAL',
        entity: meta.className,
        recordId: helper(record).getSerializedPrimaryKey(),
        regionCode: regionCodeOf(meta, record),
        before: null,
        after: { field },
      },
    ]);
    const value = record[field];
    return value === null || value === undefined ? null : String(value);
  });
}

const idOrNull = (id: string) => {
  try {
    return intId(id);
  } catch {
    return null;
  }
};

@Resolver()
export class RevealResolver {
  @Access('READ')
  @OnPrimary()
  @Query(() => String, { nullable: true, description: "A laborer's full resident ID number. Audited (REVEAL); null when there is no such laborer in your region." })
  async revealLaborerIdNumber(@Arg('id', () => ID, { description: 'Laborer id.' }) id: string, @Ctx() ctx: Context): Promise<string | null> {
    const pk = idOrNull(id);
    return pk === null ? null : reveal(ctx, Laborer, pk, 'idNumber');
  }

  @Access('READ')
  @OnPrimary()
  @Query(() => String, { nullable: true, description: "A laborer's full phone number. Audited (REVEAL); null when there is none or no such laborer in your region." })
  async revealLaborerPhone(@Arg('id', () => ID, { description: 'Laborer id.' }) id: string, @Ctx() ctx: Context): Promise<string | null> {
    const pk = idOrNull(id);
    return pk === null ? null : reveal(ctx, Laborer, pk, 'phone');
  }
}
