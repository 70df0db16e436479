import { registerEnumType } from 'type-graphql';
import * as vocab from '@fupin/schema';

type Vocabulary = { values: readonly string[]; labels: Record<string, { zh: string; en: string }> };

/** A GraphQL enum from a shared vocabulary; each value documented with its Chinese and English label. */
export function graphqlEnum<V extends Vocabulary>(name: string, description: string, v: V): { [K in V['values'][number]]: K } {
  const obj = Object.fromEntries(v.values.map((x) => [x, x])) as { [K in V['values'][number]]: K };
  registerEnumType(obj, {
    name,
    description,
    valuesConfig: Object.fromEntries(v.values.map((x) => [x, { description: `${v.labels[x].zh} (${v.labels[x].en})` }])) as never,
  });
  return obj;
}

export const RegionLevelEnum = graphqlEnum('RegionLevel', 'Level of an administrative division (行政区划级别).', vocab.RegionLevel);
export const GenderEnum = graphqlEnum('Gender', 'Gender, derived from the 17th character of the resident ID number.', vocab.Gender);
export const EducationEnum = graphqlEnum('Education', 'Highest education completed (文化程度).', vocab.Education);
export const PovertyStatusEnum = graphqlEnum('PovertyStatus', 'Poverty status of a person or household (贫困状态).', vocab.PovertyStatus);
export const TrainingKindEnum = graphqlEnum('TrainingKind', 'Kind of training class (培训类型).', vocab.TrainingKind);
export const ProviderKindEnum = graphqlEnum('ProviderKind', 'Kind of training provider (培训机构类型).', vocab.ProviderKind);
export const WelfarePostCategoryEnum = graphqlEnum('WelfarePostCategory', 'Category of public-welfare post (公益性岗位类别).', vocab.WelfarePostCategory);
export const WelfarePostStatusEnum = graphqlEnum('WelfarePostStatus', 'Status of a public-welfare post.', vocab.WelfarePostStatus);
export const SectorEnum = graphqlEnum('Sector', 'Sector of the entrepreneurship project library (项目库行业).', vocab.Sector);
export const LoanStatusEnum = graphqlEnum('LoanStatus', 'Status of a guaranteed start-up loan; only legal transitions are accepted.', vocab.LoanStatus);
export const SchoolingStatusEnum = graphqlEnum('SchoolingStatus', 'Status of a 圆梦 (dream) vocational schooling record.', vocab.SchoolingStatus);
export const EmploymentKindEnum = graphqlEnum('EmploymentKind', 'Transfer employment away from home, or local employment.', vocab.EmploymentKind);
export const EmploymentChannelEnum = graphqlEnum('EmploymentChannel', 'Channel through which a job was found (就业渠道).', vocab.EmploymentChannel);
export const SubsidyKindEnum = graphqlEnum('SubsidyKind', 'Kind of policy subsidy (补贴类型).', vocab.SubsidyKind);
export const AmountRuleEnum = graphqlEnum('AmountRule', 'How a policy computes the most it pays (补贴标准).', vocab.AmountRule);
export const ProgramKindEnum = graphqlEnum('ProgramKind', 'Kind of programme (帮扶项目类型).', vocab.ProgramKind);
export const PaymentStatusEnum = graphqlEnum('PaymentStatus', 'Status of a subsidy payment: applied -> approved -> paid, or rejected.', vocab.PaymentStatus);

export const SortOrderEnum = { ASC: 'ASC', DESC: 'DESC' } as const;
registerEnumType(SortOrderEnum, {
  name: 'SortOrder',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending (smallest first).' }, DESC: { description: 'Descending (largest first).' } },
});
