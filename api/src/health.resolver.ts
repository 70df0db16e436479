import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from './context';
import { Access } from './modules/auth/access';

@ObjectType({ description: 'The hub itself.' })
class HubInfo {
  @Field({ description: 'Version of the API.' })
  version!: string;
  @Field({ description: 'Language of messages for this request (zh or en).' })
  lang!: string;
}

@Resolver()
export class HealthResolver {
  @Access('PUBLIC')
  @Query(() => HubInfo, { description: 'Version of the hub and the language it answers this request in.' })
  hub(@Ctx() ctx: Context): HubInfo {
    return { version: '0.1.0', lang: ctx.lang };
  }
}
