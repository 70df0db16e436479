import type { ProgramKind } from '@fupin/schema';
import { Field, Float, ID, Int, InterfaceType } from 'type-graphql';
import { ProgramKindEnum } from '../../common/enums';
import { LocalDate } from '../../common/scalars';
import { Region } from '../region/region.entity';

/**
 * What every programme has in common, so an analyst can ask for all programmes of a region in one
 * query and narrow by type with fragments. The values come from the interface field resolvers in
 * program.resolver.ts (an implementing type's own field of the same name, e.g. TrainingClass.title,
 * takes precedence and says the same). The kind is `programKind`, not `kind`: TrainingClass.kind and
 * Employment.kind already name their own enums.
 *
 * This file imports no programme entity: the entities import it for `implements: Program`.
 */
@InterfaceType({
  description:
    'A programme (帮扶项目): a training class, a public-welfare post, a job fair, or one laborer\'s guaranteed loan, 圆梦 schooling, job or business. Use fragments (`... on TrainingClass { ... }`) for the fields of one kind.',
})
export abstract class Program {
  @Field(() => ID, { description: 'Id of the record (unique within its kind; kind and id together are unique).' })
  id!: number;

  @Field(() => ProgramKindEnum, { description: 'Kind of programme.' })
  programKind!: ProgramKind;

  @Field({ description: 'Title: the class, post or fair title, the business name, the employer, the lending bank, or the school and major.' })
  title!: string;

  @Field(() => ID, { description: 'Code of the region the programme belongs to: the county of a class or fair, the village or township of a post, the village of the laborer of a person-level record.' })
  regionId!: string;

  @Field(() => Region, { description: 'The region the programme belongs to (see regionId).' })
  region!: Region;

  @Field(() => LocalDate, {
    description:
      'Start: first day of a class; first placement on a post (else the day it was created); day of a fair; day a loan was disbursed (else applied for); 1 September of the intake year of schooling; first day of a job; day a business started.',
  })
  startDate!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'End: last day of a class or fair; end of the last placement of a closed post; day a loan was repaid; last day of a job; null while it lasts (schooling and businesses carry no end date).',
  })
  endDate?: string | null;

  @Field(() => Int, { description: 'Participants: enrollments of a class, placements on a post, laborers registered at a fair; 1 for a person-level record.' })
  participantsCount!: number;

  @Field(() => Float, { description: 'Subsidies approved for the programme\'s records in yuan (APPROVED and PAID payments).' })
  subsidyApproved!: number;

  @Field(() => Float, { description: 'Subsidies paid for the programme\'s records in yuan (PAID payments).' })
  subsidyPaid!: number;
}
