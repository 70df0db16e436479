import { AuditLog } from './modules/audit/audit.entity';
import { UserSession } from './modules/auth/session.entity';
import { User } from './modules/auth/user.entity';
import { Employment } from './modules/employment/employment.entity';
import { Enterprise } from './modules/enterprise/enterprise.entity';
import { JobFair } from './modules/job-fair/job-fair.entity';
import { GuaranteedLoan } from './modules/loan/guaranteed-loan.entity';
import { Region } from './modules/region/region.entity';
import { Household } from './modules/registry/household.entity';
import { Laborer } from './modules/registry/laborer.entity';
import { DreamSchooling } from './modules/schooling/dream-schooling.entity';
import { Policy, PolicyBudget, SubsidyPayment } from './modules/subsidy/subsidy.entity';
import { Enrollment, TrainingClass, TrainingProvider } from './modules/training/training.entity';
import { WelfarePlacement, WelfarePost } from './modules/welfare/welfare.entity';
import { Target, TargetProfile } from './modules/targets/target.entity';

/** Every entity of the hub; modules add theirs here. */
import { RegistryEvent } from './modules/lifecycle/registry-event.entity';
import { ExitProposal } from './modules/lifecycle/exit-proposal.entity';
import { Helper, HelperAssignment } from './modules/lifecycle/helper.entity';
import { AssistancePlan, PlanMeasure } from './modules/lifecycle/plan.entity';

export const entities = [
  Region,
  Household,
  Laborer,
  TrainingProvider,
  TrainingClass,
  Enrollment,
  WelfarePost,
  WelfarePlacement,
  DreamSchooling,
  Enterprise,
  GuaranteedLoan,
  Employment,
  JobFair,
  Policy,
  PolicyBudget,
  SubsidyPayment,
  User,
  UserSession,
  AuditLog,
  RegistryEvent,
  ExitProposal,
  Helper,
  HelperAssignment,
  AssistancePlan,
  PlanMeasure,
  Target,
  TargetProfile,
];
