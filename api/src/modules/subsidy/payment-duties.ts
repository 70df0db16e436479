import type { Context } from '../../context';
import { AppError, registerConstraintFields, registerDetails } from '../../common/errors';
import type { SubsidyPayment } from './subsidy.entity';

/**
 * Separation of duties on money. Levels: 1 the city (administrators), 2 a county, 3 a township (operators
 * by their region). The one who applied never approves or pays; approval is taken at a level above the
 * applicant, payment by the city or by a finance user (duty FINANCE) of the county above a township's
 * application. A city-level application, with no level above, is approved and paid by another city-level
 * user. The database checks the same in `check_payment_duties()`; budgets are the city's (CRUD access, and
 * `check_budget_duties()` on the user the API records in `policy_budget.set_by`).
 */

registerDetails({
  OWN_APPLICATION: { zh: '不能审批或支付自己申请的补贴', en: 'you cannot approve or pay a payment you applied for' },
  LEVEL_ABOVE: { zh: '须由申请人的上级审批', en: 'approval is taken at the level above the applicant' },
  PAYER: { zh: '须由市级或县级财务人员支付', en: 'payment is made by the city or the county finance user' },
  BUDGET_CITY: { zh: '预算只能由市级管理员设定', en: 'budgets are set by the city' },
});
registerConstraintFields({
  subsidy_payment_approver: { code: 'FORBIDDEN', field: 'id', params: { detail: 'LEVEL_ABOVE' } },
  subsidy_payment_payer: { code: 'FORBIDDEN', field: 'id', params: { detail: 'PAYER' } },
  policy_budget_setter: { code: 'FORBIDDEN', field: 'id', params: { detail: 'BUDGET_CITY' } },
});

interface Actor {
  id: number;
  level: number | null;
  duty: string | null;
}

async function actors(ctx: Context, ids: (number | null | undefined)[]): Promise<Map<number, Actor>> {
  const known = ids.filter((i): i is number => typeof i === 'number');
  // app_user is admin-only for the ORM's scope filter: read the two facts needed directly.
  const rows = known.length
    ? await ctx.em.execute<{ id: number; level: number | null; duty: string | null }[]>('select id, app_user_level(id) as level, duty from app_user where id = any(?::int[])', [`{${known.join(',')}}`])
    : [];
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), level: r.level === null ? null : Number(r.level), duty: r.duty }]));
}

/** Refuses the step unless the signed-in user may take it (the scope guard has already limited the payment to their region). */
export async function assertDuty(ctx: Context, p: SubsidyPayment, step: 'approve' | 'pay'): Promise<number | null> {
  const me = ctx.principal;
  if (!me) return null;
  const users = await actors(ctx, [me.userId, p.appliedBy]);
  const actor = users.get(me.userId);
  const applicant = p.appliedBy ? (users.get(p.appliedBy)?.level ?? 1) : 1;
  if (p.appliedBy === me.userId) throw new AppError('FORBIDDEN', 'id', { detail: 'OWN_APPLICATION' });
  const level = actor?.level ?? null;
  if (step === 'approve' && (level === null || !(level < applicant || (level === 1 && applicant === 1)))) throw new AppError('FORBIDDEN', 'id', { detail: 'LEVEL_ABOVE' });
  if (step === 'pay' && (level === null || !(level === 1 || (actor?.duty === 'FINANCE' && level < applicant)))) throw new AppError('FORBIDDEN', 'id', { detail: 'PAYER' });
  return me.userId;
}
