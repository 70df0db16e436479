import type { ProgramKind } from '@fupin/schema';
import { Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ProgramKindEnum } from '../../common/enums';
import { ListMetadata, pageOptions } from '../../common/list';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { RegionService } from '../region/region.service';
import { JobFair } from '../job-fair/job-fair.entity';
import { Program } from './program.interface';
import {
  countPrograms,
  findPrograms,
  participantsLoader,
  PROGRAM_KINDS,
  programDatesLoader,
  programKindOf,
  programSubsidyLoader,
  type ProgramEntity,
} from './program.service';

@ArgsType()
class ProgramFilterArgs {
  @Field(() => ID, { nullable: true, description: "Only programmes in the subtree of this region code (the whole city when omitted); always within the user's scope." })
  regionCode?: string;

  @Field(() => [ProgramKindEnum], { nullable: true, description: 'Only these kinds (all kinds when omitted or empty).' })
  kinds?: ProgramKind[];

  @Field(() => LocalDate, { nullable: true, description: 'Only programmes still running on or after this day (end date on or after it, or no end date).' })
  from?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Only programmes started on or before this day.' })
  to?: string;
}

@ArgsType()
class ProgramListArgs extends ProgramFilterArgs {
  @Field(() => Int, { nullable: true, description: 'Zero-based page number (default 0).' })
  page?: number;

  @Field(() => Int, { nullable: true, description: 'Rows per page: 25 by default, at most 500.' })
  perPage?: number;
}

@Resolver(() => Program)
export class ProgramResolver {
  @Query(() => [Program], {
    description: 'Programmes of every kind in a region, ordered by start date (then kind and id); narrow by kind and period, and use fragments for the fields of one kind.',
  })
  async programs(@Args(() => ProgramListArgs) args: ProgramListArgs, @Ctx() ctx: Context): Promise<ProgramEntity[]> {
    const { limit, offset } = pageOptions({ page: args.page, perPage: args.perPage }, { id: 'id' }, 'id');
    return findPrograms(ctx, args, limit, offset);
  }

  @Query(() => ListMetadata, { description: 'How many programmes `programs` matches over all pages.' })
  async _programsMeta(@Args(() => ProgramFilterArgs) args: ProgramFilterArgs, @Ctx() ctx: Context): Promise<ListMetadata> {
    return { count: await countPrograms(ctx, args) };
  }

  @FieldResolver(() => ProgramKindEnum)
  programKind(@Root() p: ProgramEntity): ProgramKind {
    return programKindOf(p);
  }

  @FieldResolver(() => String)
  title(@Root() p: ProgramEntity): string {
    return PROGRAM_KINDS[programKindOf(p)].title(p);
  }

  @FieldResolver(() => ID)
  regionId(@Root() p: ProgramEntity): string {
    return PROGRAM_KINDS[programKindOf(p)].regionId(p);
  }

  @FieldResolver(() => Region)
  region(@Root() p: ProgramEntity, @Ctx() ctx: Context): Promise<Region | null> {
    return new RegionService(ctx.em, ctx.loaders).byCode(PROGRAM_KINDS[programKindOf(p)].regionId(p));
  }

  @FieldResolver(() => LocalDate)
  async startDate(@Root() p: ProgramEntity, @Ctx() ctx: Context): Promise<string> {
    return (await programDatesLoader(ctx, programKindOf(p)).load(p.id))?.startDate ?? PROGRAM_KINDS[programKindOf(p)].ownDates(p).startDate;
  }

  @FieldResolver(() => LocalDate, { nullable: true })
  async endDate(@Root() p: ProgramEntity, @Ctx() ctx: Context): Promise<string | null> {
    const row = await programDatesLoader(ctx, programKindOf(p)).load(p.id);
    return row ? (row.endDate ?? null) : PROGRAM_KINDS[programKindOf(p)].ownDates(p).endDate;
  }

  @FieldResolver(() => Int)
  participantsCount(@Root() p: ProgramEntity, @Ctx() ctx: Context): number | Promise<number> {
    const kind = programKindOf(p);
    if (kind === 'TRAINING' || kind === 'WELFARE_POST') return participantsLoader(ctx, kind).load(p.id);
    if (kind === 'JOB_FAIR') return (p as JobFair).laborersRegistered;
    return 1;
  }

  @FieldResolver(() => Float)
  async subsidyApproved(@Root() p: ProgramEntity, @Ctx() ctx: Context): Promise<number> {
    return (await programSubsidyLoader(ctx, programKindOf(p)).load(p.id)).approved;
  }

  @FieldResolver(() => Float)
  async subsidyPaid(@Root() p: ProgramEntity, @Ctx() ctx: Context): Promise<number> {
    return (await programSubsidyLoader(ctx, programKindOf(p)).load(p.id)).paid;
  }
}

export const programResolvers = [ProgramResolver];
